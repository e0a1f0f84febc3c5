/**
 * The statement runner under everything: the Drizzle clients of gateway-db (drizzle-orm's proxy drivers call it),
 * the migrations and the migrator. Each dialect folder implements it with the same guarantees: statements of a
 * SQLite transaction cannot interleave with other callers', bound values are checked (lone surrogates, packet
 * size), and every failure is a GatewayDbError whose message names tables and columns, never values.
 */
import type { Dialect } from '@gateway-db/schema';

/** A bound value: booleans are sent as 1/0 by the executors (better-sqlite3 rejects booleans). */
export type SqlValue = string | number | boolean | null | Buffer | bigint;

/** A raw row as the driver returns it, keyed by column name. */
export type RawRow = Record<string, unknown>;

export interface SqlExecutor {
  readonly dialect: Dialect;
  /** All rows of a query. */
  all(sql: string, params?: readonly SqlValue[]): Promise<RawRow[]>;
  /** The first row, or undefined. */
  get(sql: string, params?: readonly SqlValue[]): Promise<RawRow | undefined>;
  /**
   * All rows as arrays of column values in select-list order (Drizzle maps results by position, and a join may
   * select two columns of the same name). A statement that returns no rows gives `[]`.
   */
  values(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]>;
  /**
   * A one-row lookup prepared once and run many times (the hot path of every proxied request): returns a
   * function that runs `sql` with its parameters and hands the first row to `decode`, with as little work per
   * call as the driver allows. Same errors and transaction rules as `get`.
   */
  prepareGet<T>(sql: string, decode: (raw: RawRow) => T): (params: readonly SqlValue[]) => Promise<T | undefined>;
  /** A write; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }>;
  /**
   * Runs `fn` in one transaction on one connection; commits when it resolves, rolls back when it throws.
   * On SQLite no other statement of this process can interleave while it runs (see sqlite-executor).
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
