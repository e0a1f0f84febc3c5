/**
 * The little the fixture needs from a SQLite engine: run DDL, insert rows, query, save. Two engines write the
 * same schema and values: sql.js (as the legacy gateway did: whole database in memory, exported to the file) and
 * better-sqlite3 (streamed to disk in batches, for benchmark files too large for sql.js memory).
 */
export type LegacyValue = string | number | null;
export type LegacyRow = Readonly<Record<string, LegacyValue>>;

export type LegacyEngine = 'sql.js' | 'better-sqlite3';

export interface LegacyDatabase {
  exec(sql: string): void;
  /** Inserts every row, binding `columns` by name (a row lacking one binds NULL). Returns the number inserted. */
  insertRows(table: string, columns: readonly string[], rows: Iterable<LegacyRow>): number;
  queryAll(sql: string): Record<string, LegacyValue>[];
  /** Writes the file (sql.js: export + writeFile) and releases the engine. */
  save(): Promise<void>;
  /** Releases the engine without writing (after a failure). */
  discard(): void;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function insertSql(table: string, columns: readonly string[]): string {
  return (
    `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) ` +
    `VALUES (${columns.map(() => '?').join(', ')})`
  );
}

export function bindValues(row: LegacyRow, columns: readonly string[]): LegacyValue[] {
  return columns.map((column) => row[column] ?? null);
}
