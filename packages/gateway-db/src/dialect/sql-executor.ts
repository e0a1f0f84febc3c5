/**
 * The one interface repositories talk to. SQL is written once, with `?` placeholders and backtick-quoted
 * identifiers (both SQLite and MySQL accept backticks); each dialect folder implements this interface and
 * exposes what really differs as capabilities (`DialectSql`), never as `if (dialect === ...)` in repositories.
 */
import type { Dialect } from '@gateway-db/schema';

/** Backtick-quoted identifier: both dialects accept backticks (and `key` is reserved in MySQL). */
export function quoteName(name: string): string {
  return `\`${name}\``;
}

/** A bound value: booleans are sent as 1/0 by the executors (better-sqlite3 rejects booleans). */
export type SqlValue = string | number | boolean | null | Buffer | bigint;

/** A raw row as the driver returns it; decode with `decodeRow` before it leaves a repository. */
export type RawRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: Dialect;
  readonly sql: DialectSql;
  /** All rows of a query. */
  all(sql: string, params?: readonly SqlValue[]): Promise<RawRow[]>;
  /** The first row, or undefined. */
  get(sql: string, params?: readonly SqlValue[]): Promise<RawRow | undefined>;
  /** A write; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /**
   * Runs `fn` in one transaction on one connection; commits when it resolves, rolls back when it throws.
   * On SQLite no other statement of this process can interleave while it runs (see sqlite-executor).
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** SQL fragments and capabilities that differ between the dialects. */
export interface DialectSql {
  /**
   * Whether many distinct statement texts cost nothing to keep prepared (SQLite: in-process). False on MySQL,
   * where each is a server-side prepared statement per connection, so batch sizes are kept to a few.
   */
  readonly cheapDistinctStatements: boolean;
  /** `INSERT ... ` tail that turns a plain insert into an upsert on `conflictColumn`, updating `columns`. */
  upsertTail(conflictColumn: string, columns: readonly string[]): string;
  /** Integer division rounding down, for UTC epoch buckets: `intDiv('`created_at`', '?')`. */
  intDiv(numerator: string, denominator: string): string;
  /** Byte-exact text equality with a bound parameter (MySQL's default collation folds case and trailing spaces). */
  exactEquals(column: string): string;
  /**
   * The column as a byte-exact value for GROUP BY and the select list (MySQL's default collation would group
   * `GPT-4o` with `gpt-4o` and `a` with `a `). On MySQL the value comes back as a Buffer: decode with `toText`.
   */
  exactGroupKey(column: string): string;
  /**
   * A DELETE of at most `limit` rows matching `where`. The limit is written into the SQL (a non-negative integer,
   * see `sqlCount`), like every LIMIT here: MySQL's prepared statements refuse a LIMIT that mysql2 sends as DOUBLE.
   */
  deleteLimited(table: string, where: string, limit: number): string;
}
