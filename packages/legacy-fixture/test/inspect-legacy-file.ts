/** Reads a generated file the way a migrator would: better-sqlite3, read-only, by name. */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export function openReadOnly(path: string): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}

export function tableNames(db: Database.Database): string[] {
  return db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
}

export function columnsWithTypes(db: Database.Database, table: string): string[] {
  return db.prepare(`SELECT name || ' ' || type FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[];
}

/** sha256 over every table's rows in rowid order, each value as its storage class and bytes (`typeof`, `hex`). */
export function contentHash(db: Database.Database): string {
  const hash = createHash('sha256');
  for (const table of tableNames(db)) {
    const names = db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').pluck().all(table) as string[];
    const columns = names.map((name) => `"${name}"`);
    const encoded = columns.map((col) => `typeof(${col}) || ':' || hex(${col})`).join(` || '|' || `);
    hash.update(`table ${table}\n`);
    for (const row of db.prepare(`SELECT ${encoded} AS r FROM "${table}" ORDER BY rowid`).pluck().iterate()) {
      hash.update(`${String(row)}\n`);
    }
  }
  return hash.digest('hex');
}

/** True when SQLite opens the file and `PRAGMA integrity_check` says ok. */
export function sqliteAccepts(path: string): boolean {
  let db: Database.Database | undefined;
  try {
    db = openReadOnly(path);
    const result = db.prepare('PRAGMA integrity_check').pluck().all();
    // Reading every row too: a cut can also hit overflow pages the check reaches only through the rows.
    for (const table of tableNames(db)) db.prepare(`SELECT * FROM "${table}"`).all();
    return result.length === 1 && result[0] === 'ok';
  } catch {
    return false;
  } finally {
    db?.close();
  }
}
