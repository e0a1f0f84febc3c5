/**
 * What the migration needs from a store, implemented once per dialect (sqlite/, mysql/). SQL handed to these
 * methods is written once: backtick-quoted identifiers and `?` placeholders work on both dialects.
 */
import type { Dialect } from '@gateway-db/schema';
import type { Endpoint } from './endpoint.js';
import type { CanonicalValue } from './value-codec.js';

/** One `SELECT` over a table, rows in primary-key order. */
export interface RowQuery {
  readonly table: string;
  /** SQL expressions, one per output column. */
  readonly selects: readonly string[];
  readonly orderBy: string;
  /** Output columns holding text: a store whose driver may replace invalid UTF-8 checks them (see sqlite-reader). */
  readonly textColumns: readonly number[];
}

export interface StoreReader {
  readonly dialect: Dialect;
  readonly endpoint: Endpoint;
  /** Every user table of the store with its columns, in physical order. */
  listTables(): Promise<Map<string, readonly string[]>>;
  countRows(table: string): Promise<number>;
  /** Streams raw driver values in batches: memory holds one batch, whatever the table size. */
  readBatches(query: RowQuery): AsyncIterable<unknown[][]>;
  /** A small query (pre-flight checks): raw rows as arrays. */
  queryRows(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
  /** The expression comparing `expr` as bytes (the target's exact comparison). */
  binary(expr: string): string;
  close(): Promise<void>;
}

/** A statement runner for the small bookkeeping queries (import state, emptiness). */
export interface SqlRunner {
  run(sql: string, params?: readonly unknown[]): Promise<void>;
  all(sql: string, params?: readonly unknown[]): Promise<unknown[][]>;
}

/** Where the copy writes one table; `write` returns a promise only when the caller must wait (back-pressure). */
export interface TableWriter {
  write(row: readonly CanonicalValue[]): Promise<void> | undefined;
  /** Flushes what is buffered and waits for every statement in flight. */
  finish(): Promise<void>;
}

/** Limits of the target that the pre-flight pass checks. */
export interface TargetLimits {
  /** Enforce `maxBytes` of key columns and `maxChars` of label columns (MySQL VARBINARY/VARCHAR). */
  readonly boundedColumns: boolean;
  /** The range a flag column holds (MySQL BOOLEAN is TINYINT), or undefined for 64-bit. */
  readonly flagRange: readonly [bigint, bigint] | undefined;
  /** The largest INSERT the server accepts (max_allowed_packet), or undefined for no limit. */
  readonly maxStatementBytes: number | undefined;
}

export interface TargetStore extends SqlRunner {
  readonly dialect: Dialect;
  readonly reader: StoreReader;
  readonly limits: TargetLimits;
  /** Takes the import lock (SQLite: opens the one transaction of the whole import). CONFLICT on timeout. */
  begin(lockTimeoutSeconds: number): Promise<void>;
  /** Commits (SQLite) and releases the lock. */
  commit(): Promise<void>;
  /** Rolls back (SQLite) and releases the lock; never throws. */
  abort(): Promise<void>;
  clearTable(table: string): Promise<void>;
  openTableWriter(table: string, columns: readonly string[]): TableWriter;
  close(): Promise<void>;
}
