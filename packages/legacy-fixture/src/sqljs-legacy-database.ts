import { writeFile } from 'node:fs/promises';
import initSqlJs from 'sql.js';
import { bindValues, insertSql, type LegacyDatabase } from './legacy-database.js';

let sqlJs: ReturnType<typeof initSqlJs> | undefined;

/**
 * The legacy way: the whole database lives in sql.js memory and `db.export()` goes to disk with a plain
 * writeFile (no temp file, no fsync: why a crash could leave a truncated file).
 */
export async function openSqlJsLegacyDatabase(path: string): Promise<LegacyDatabase> {
  sqlJs ??= initSqlJs();
  const SQL = await sqlJs;
  const db = new SQL.Database();
  return {
    exec: (sql) => {
      db.exec(sql);
    },
    insertRows: (table, columns, rows) => {
      const statement = db.prepare(insertSql(table, columns));
      let count = 0;
      db.exec('BEGIN');
      try {
        for (const row of rows) {
          statement.run(bindValues(row, columns));
          count++;
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      } finally {
        statement.free();
      }
      return count;
    },
    queryAll: (sql) => {
      const statement = db.prepare(sql);
      const rows: Record<string, number | string | null>[] = [];
      try {
        while (statement.step()) {
          const row = statement.getAsObject();
          rows.push(Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? null : v])));
        }
      } finally {
        statement.free();
      }
      return rows;
    },
    save: async () => {
      const bytes = db.export();
      db.close();
      await writeFile(path, bytes);
    },
    discard: () => db.close(),
  };
}
