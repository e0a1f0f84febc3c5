/**
 * The migrator's typed Drizzle client of one store. Everything off the bulk path (row counts, emptiness checks,
 * the pre-flight lookups, the import-state marker) is built with Drizzle's query builder on the schema's tables
 * and runs through the store's own connection (Drizzle's sqlite-proxy / mysql-proxy over `RawRunner`), so it is
 * in the same transaction or session as everything else. Conditions and select lists are written once, with
 * Drizzle's dialect-neutral `sql`, `eq`, `count`, ...; only the builder entry points are per dialect
 * (sqlite/sqlite-client.ts, mysql/mysql-client.ts).
 */

import type { Dialect } from '@gateway-db/schema';
import { DrizzleQueryError, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { ImportStateAccess } from './import-state-table.js';
import type { SchemaTable } from './schema-tables.js';

/** Runs rendered statements on the store's connection; errors arrive as MigrationError or GatewayDbError. */
export interface RawRunner {
  /** Rows as arrays, in select-list order. */
  all(sql: string, params: readonly unknown[]): Promise<unknown[][]>;
  run(sql: string, params: readonly unknown[]): Promise<void>;
}

/** A SELECT over one schema table, from dialect-neutral pieces; `fields` keeps its key order in the select list. */
export interface SelectSpec {
  readonly from: SchemaTable;
  readonly fields: Readonly<Record<string, SQL>>;
  readonly where?: SQL;
  readonly groupBy?: SQL;
  readonly having?: SQL;
  readonly orderBy?: SQL;
  readonly limit?: number;
}

export interface RenderedQuery {
  readonly sql: string;
  readonly params: unknown[];
}

export interface StoreClient {
  readonly dialect: Dialect;
  /** Runs `spec`; rows keyed like its fields. */
  select(spec: SelectSpec): Promise<Record<string, unknown>[]>;
  /** Renders `spec` for the driver, which streams it (the bulk read: see the readers). */
  render(spec: SelectSpec): RenderedQuery;
  /** `expr` as bytes: how the target's unique keys compare (MySQL's collations fold case and trailing spaces). */
  binary(expr: SQLWrapper): SQL;
  /** Removes every row of `table`. */
  clear(table: SchemaTable): Promise<void>;
  /** Removes the rows of `table` that match `where` (a resumed copy: the rows past its recorded key). */
  deleteWhere(table: SchemaTable, where: SQL): Promise<void>;
  readonly importState: ImportStateAccess;
}

/**
 * Awaits a Drizzle query. Drizzle wraps a failure in a DrizzleQueryError whose message lists the bound values
 * (a legacy row's API keys, say); the runner's own error, already free of them, is what the caller gets.
 */
export async function settled<T>(query: PromiseLike<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    throw error instanceof DrizzleQueryError && error.cause !== undefined ? error.cause : error;
  }
}
