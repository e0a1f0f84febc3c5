/** Edits a fixture file in place with better-sqlite3 (a test's way to plant one exact bad value). */
import Database from 'better-sqlite3';

export function editLegacyFile(path: string, sql: string, params: unknown[] = []): void {
  const db = new Database(path, { fileMustExist: true });
  // As in the legacy gateway: foreign keys were never enforced.
  db.pragma('foreign_keys = OFF');
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

/** Runs several statements (e.g. rebuilding a table without its UNIQUE constraint). */
export function execLegacyFile(path: string, sql: string): void {
  const db = new Database(path, { fileMustExist: true });
  db.pragma('foreign_keys = OFF');
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}
