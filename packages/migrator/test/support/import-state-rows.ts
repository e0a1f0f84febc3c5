/** The import state of a target, read and edited through the bare drivers (as a crash would leave it). */
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';

export interface StateRow {
  readonly name: string;
  readonly state: string;
  readonly resume_after: string | null;
}

async function onStore<T>(
  url: string,
  sqlite: (db: Database.Database) => T,
  onMysql: (c: mysql.Connection) => Promise<T>,
): Promise<T> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { fileMustExist: true });
    try {
      return sqlite(db);
    } finally {
      db.close();
    }
  }
  const connection = await mysql.createConnection({ uri: url });
  try {
    return await onMysql(connection);
  } finally {
    await connection.end();
  }
}

export function importStateRows(url: string): Promise<StateRow[]> {
  const query = 'SELECT `name`, `state`, `resume_after` FROM gateway_db_import_state ORDER BY `name`';
  return onStore(
    url,
    (db) => db.prepare(query).all() as StateRow[],
    async (c) => (await c.query(query))[0] as StateRow[],
  );
}

/** The ids of `table` in key order (bytes as stored), and how many there are. */
export function idsInKeyOrder(url: string, table: string): Promise<Buffer[]> {
  const query = `SELECT CAST(id AS ${url.startsWith('sqlite:') ? 'BLOB' : 'BINARY'}) AS id FROM \`${table}\` ORDER BY id`;
  return onStore(
    url,
    (db) => (db.prepare(query).all() as { id: Buffer }[]).map((r) => r.id),
    async (c) => ((await c.query(query))[0] as { id: Buffer }[]).map((r) => r.id),
  );
}

/** Moves the recorded position of `table` back to `key`, as a crash between a commit and its record leaves it. */
export function rewindCursor(url: string, table: string, key: Buffer): Promise<void> {
  const query = 'UPDATE gateway_db_import_state SET resume_after = ? WHERE `name` = ?';
  const params = [key.toString('base64'), table];
  return onStore(
    url,
    (db) => void db.prepare(query).run(...params),
    async (c) => void (await c.query(query, params)),
  );
}
