/** Edits a fixture file in place with better-sqlite3 (a test's way to plant one exact bad value). */
import Database from 'better-sqlite3';

export function editLegacyFile(path: string, sql: string, params: unknown[] = []): void {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}
