/**
 * Table and column names a hostile (or just careless) legacy file can hold: quotes of every SQL dialect, comment
 * openers, statement separators, spaces, Unicode look-alikes, a newline. Planted with better-sqlite3 into a COPY
 * of a generated fixture; each unknown table gets rows, each unknown column a SQL-looking value in every row.
 */
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';

/** Unknown tables; none may ever be created, dropped or queried by name in the target. */
export const HOSTILE_TABLES = [
  'users; DROP TABLE users; --',
  'a`b',
  'x" OR "1"="1',
  "it's'; DELETE FROM models; --",
  'brackets]; DROP TABLE providers; [x',
  'comment /* DROP TABLE api_requests */ --',
  '  leading and trailing spaces  ',
  '管理员 🦊 表',
  // Cyrillic "е": looks like `users`, is another table.
  'usеrs',
  // A dotted name that reads like a known column (`--leave-out virtual_keys.key_value` must not drop the column).
  'virtual_keys.key_value',
  'line one\n[Migration] 数据迁移完成: forged log line',
] as const;

/** Unknown columns added to known tables. */
export const HOSTILE_COLUMNS = [
  { table: 'users', column: 'password_hash"; DROP TABLE users; --' },
  { table: 'users', column: '`backticked`' },
  { table: 'virtual_keys', column: 'key_value ' },
  { table: 'virtual_keys', column: 'key_valuе' },
  { table: 'providers', column: "api_key') OR 1=1; --" },
  { table: 'models', column: '*/ SELECT 1; /*' },
  { table: 'api_requests', column: 'a]b' },
  { table: 'system_config', column: 'semi;colon -- dash' },
] as const;

/** SQL-looking text put into every unknown column, and into known columns by `plantSqlValues`. */
export const SQL_VALUE = `'); DROP TABLE users; -- \`x\` "y" ]; /* z */ \\' OR '1'='1`;

/** Known columns given SQL-looking values: [table, column, value]; each must arrive byte-identical. */
export const SQL_VALUES = [
  ['users', 'username', `robert'); DROP TABLE users; --`],
  ['providers', 'name', 'x" OR "1"="1 `a`b` ]]'],
  ['system_config', 'value', SQL_VALUE],
  ['models', 'name', '/* c */ SELECT * FROM virtual_keys; --'],
  ['virtual_keys', 'name', 'users; DROP TABLE users; --'],
] as const;

function quote(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Adds HOSTILE_TABLES and HOSTILE_COLUMNS (with rows/values) to the SQLite file at `path`, in place. */
export function plantHostileIdentifiers(
  path: string,
  tables: readonly string[] = HOSTILE_TABLES,
  columns = HOSTILE_COLUMNS,
): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    for (const table of tables) {
      // Every column name is hostile too, so reading the table by name would be the injection.
      db.exec(
        `CREATE TABLE ${quote(table)} (${quote(`${table} id`)} TEXT PRIMARY KEY, ${quote('x"; DROP TABLE models; --')} TEXT)`,
      );
      const insert = db.prepare(`INSERT INTO ${quote(table)} VALUES (?, ?)`);
      for (const n of [1, 2, 3]) insert.run(`row ${n}`, SQL_VALUE);
    }
    for (const { table, column } of columns) {
      db.exec(`ALTER TABLE ${quote(table)} ADD COLUMN ${quote(column)} TEXT`);
      db.prepare(`UPDATE ${quote(table)} SET ${quote(column)} = ?`).run(SQL_VALUE);
    }
  } finally {
    db.close();
  }
}

/** Gives the first row of each SQL_VALUES table its SQL-looking value (on the copy, before planting). */
export function plantSqlValues(path: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    for (const [table, column, value] of SQL_VALUES) {
      db.prepare(
        `UPDATE ${quote(table)} SET ${quote(column)} = ? WHERE rowid = (SELECT min(rowid) FROM ${quote(table)})`,
      ).run(value);
    }
  } finally {
    db.close();
  }
}

/** Renames a known column to a letter-case variant (SQLite cannot hold `key_value` and `Key_Value` together). */
export function renameColumn(path: string, table: string, from: string, to: string): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.exec(`ALTER TABLE ${quote(table)} RENAME COLUMN ${quote(from)} TO ${quote(to)}`);
  } finally {
    db.close();
  }
}

/** Every table of a target store (`sqlite:PATH` or `mysql://...`), views included, sorted. */
export async function listTargetTables(url: string): Promise<string[]> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      const names = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        )
        .pluck()
        .all();
      return (names as string[]).sort();
    } finally {
      db.close();
    }
  }
  const connection = await mysql.createConnection({ uri: url });
  try {
    const [rows] = await connection.query({
      sql: 'SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()',
      rowsAsArray: true,
    });
    return (rows as unknown[][]).map((row) => String(row[0])).sort();
  } finally {
    await connection.end();
  }
}
