/**
 * What the migration needs from a store, implemented once per dialect (sqlite/, mysql/). Statements are built
 * with Drizzle on the schema's tables (store-client.ts); only the bulk read and write paths hand rendered text to
 * the drivers.
 */
import type { Dialect } from '@gateway-db/schema';
import type { Endpoint } from './endpoint.js';
import type { TablePlan } from './plan.js';
import type { SelectSpec, StoreClient } from './store-client.js';
import type { CanonicalValue } from './value-codec.js';

/** The one `SELECT` over a table that every pass streams, rows in primary-key order (row-query.ts). */
export interface RowQuery {
  readonly select: SelectSpec;
  /** Output columns holding text: a store whose driver may replace invalid UTF-8 checks them (see sqlite-reader). */
  readonly textColumns: readonly number[];
}

export interface StoreReader {
  readonly dialect: Dialect;
  readonly endpoint: Endpoint;
  readonly client: StoreClient;
  /** Every user table of the store with its columns, in physical order. */
  listTables(): Promise<Map<string, readonly string[]>>;
  /** Streams raw driver values in batches: memory holds one batch, whatever the table size. */
  readBatches(query: RowQuery): AsyncIterable<unknown[][]>;
  close(): Promise<void>;
}

/** Where the copy writes one table; `write` returns a promise only when the caller must wait (back-pressure). */
export interface TableWriter {
  write(row: readonly CanonicalValue[]): Promise<void> | undefined;
  /**
   * Makes every row written so far durable as far as the target allows, and stays usable: MySQL flushes, waits for
   * the statements in flight and commits every writer connection; SQLite does nothing (the whole import is one
   * transaction, committed by `TargetStore.commit`).
   */
  checkpoint(): Promise<void>;
  /** Flushes what is buffered and waits for every statement in flight. */
  finish(): Promise<void>;
}

/** Limits of the target that the pre-flight pass checks. */
export interface TargetLimits {
  /** Enforce the plan's MySQL column limits (VARBINARY bytes, VARCHAR characters, BOOLEAN range). */
  readonly mysqlColumns: boolean;
  /** The largest INSERT the server accepts (max_allowed_packet), or undefined for no limit. */
  readonly maxStatementBytes: number | undefined;
  /**
   * Text whose stored bytes are not UTF-8 is kept as those bytes (SQLite stores any bytes as TEXT); otherwise
   * (MySQL's utf8mb4) it becomes the text the gateway read from them.
   */
  readonly keepsTextBytes: boolean;
}

export interface TargetStore {
  readonly dialect: Dialect;
  readonly reader: StoreReader;
  /** The typed client on the connection the bookkeeping runs on (the marker, emptiness checks, clearing). */
  readonly client: StoreClient;
  readonly limits: TargetLimits;
  /** Takes the import lock (SQLite: opens the one transaction of the whole import). CONFLICT on timeout. */
  begin(lockTimeoutSeconds: number): Promise<void>;
  /** Commits (SQLite) and releases the lock. */
  commit(): Promise<void>;
  /** Rolls back (SQLite) and releases the lock; never throws. */
  abort(): Promise<void>;
  /** Writes rows of `plan` with their values in plan column order. */
  openTableWriter(plan: TablePlan): TableWriter;
  close(): Promise<void>;
}
