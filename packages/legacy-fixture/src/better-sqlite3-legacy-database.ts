import { rm } from 'node:fs/promises';
import Database from 'better-sqlite3';
import { bindValues, insertSql, type LegacyDatabase, type LegacyValue } from './legacy-database.js';

/** Rows per transaction: large enough to amortize the commit, small enough to keep memory flat. */
const BATCH_ROWS = 2_000;

/**
 * Writes straight to the file in batches, for files too large for sql.js. No journal and no fsync: a fixture
 * that crashes half-way is rebuilt, not recovered. The file format is the same rollback-journal SQLite 3 file.
 */
export function openBetterSqlite3LegacyDatabase(path: string): Promise<LegacyDatabase> {
  const db = new Database(path);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -65536');
  return Promise.resolve({
    exec: (sql) => {
      db.exec(sql);
    },
    insertRows: (table, columns, rows) => {
      const statement = db.prepare(insertSql(table, columns));
      const insertBatch = db.transaction((batch: LegacyValue[][]) => {
        for (const values of batch) statement.run(values);
      });
      let batch: LegacyValue[][] = [];
      let count = 0;
      for (const row of rows) {
        batch.push(bindValues(row, columns));
        count++;
        if (batch.length === BATCH_ROWS) {
          insertBatch(batch);
          batch = [];
        }
      }
      if (batch.length > 0) insertBatch(batch);
      return count;
    },
    queryAll: (sql) => db.prepare(sql).all() as Record<string, LegacyValue>[],
    save: () => {
      db.close();
      return Promise.resolve();
    },
    discard: () => {
      db.close();
      void rm(path, { force: true });
    },
  });
}
