/**
 * The import marker in the target, `gateway_db_import_state`: row `_run` says an import is `copying` or
 * `verified` (with the source fingerprint); one row per table copied so far. It is written before the first data
 * row and each change is one statement, so whatever moment a MySQL import dies at, the next run knows the rows are
 * its own leftovers and cleans them up (or resumes) instead of mistaking them for user data.
 */

import type { SqlExecutor, SqlValue } from '@gateway-db/core';
import { and, eq, ne } from 'drizzle-orm';
import { SOURCE_CHARS } from './import-state-table.js';
import { mysqlClient } from './mysql/mysql-client.js';
import { sqliteClient } from './sqlite/sqlite-client.js';
import type { StoreClient } from './store-client.js';

export { IMPORT_STATE_TABLE } from './import-state-table.js';

const RUN = '_run';

export type RunState = 'copying' | 'verified';

export interface RunMarker {
  readonly state: RunState;
  readonly source: string;
  readonly fingerprint: string;
  readonly updatedAt: number;
}

/** The typed client over a gateway-db executor (the start-up import's store, already open and migrated). */
export function executorRunner(executor: SqlExecutor): StoreClient {
  // Drizzle binds only strings, numbers and bigints here: all of them SqlValues.
  const runner = {
    all: (sql: string, params: readonly unknown[]) => executor.values(sql, params as readonly SqlValue[]),
    run: async (sql: string, params: readonly unknown[]) =>
      void (await executor.run(sql, params as readonly SqlValue[])),
  };
  return executor.dialect === 'sqlite' ? sqliteClient(runner) : mysqlClient(runner);
}

export async function ensureStateTable(db: StoreClient): Promise<void> {
  await db.importState.create();
}

/** The run marker, or undefined when no import ever ran here (or the table does not exist). */
export async function readRunMarker(db: StoreClient): Promise<RunMarker | undefined> {
  const rows = await db.importState.select((t) => eq(t.name, RUN)).catch(() => []);
  const row = rows[0];
  if (row === undefined) return undefined;
  // SQLite hands BIGINTs over as bigint (safeIntegers): Number() either way.
  return {
    state: row.state as RunState,
    source: row.source,
    fingerprint: row.fingerprint,
    updatedAt: Number(row.updated_at),
  };
}

/** Sets the run marker in one statement (UPDATE when it exists, else INSERT): never a moment without it. */
export async function writeRunMarker(
  db: StoreClient,
  state: RunState,
  source: string,
  fingerprint: string,
): Promise<void> {
  const values = { state, source: source.slice(0, SOURCE_CHARS), fingerprint, updated_at: Date.now() };
  if (await readRunMarker(db)) await db.importState.update(values, (t) => eq(t.name, RUN));
  else await db.importState.insert({ name: RUN, ...values });
}

/** Tables recorded as fully copied by the interrupted run of `fingerprint`. */
export async function copiedTables(db: StoreClient, fingerprint: string): Promise<Set<string>> {
  const rows = await db.importState.select((t) =>
    and(ne(t.name, RUN), eq(t.state, 'copied'), eq(t.fingerprint, fingerprint)),
  );
  return new Set(rows.map((row) => row.name));
}

export async function markTableCopied(db: StoreClient, table: string, fingerprint: string): Promise<void> {
  await db.importState.insert({ name: table, state: 'copied', source: '', fingerprint, updated_at: Date.now() });
}

export async function forgetCopiedTables(db: StoreClient): Promise<void> {
  await db.importState.delete((t) => ne(t.name, RUN));
}
