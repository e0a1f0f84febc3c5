/**
 * The import marker in the target, `gateway_db_import_state`: row `_run` says an import is `copying` or
 * `verified` (with the source fingerprint; `_run:config` / `_run:logs` for one part of a split store, see
 * store-parts.ts); one row per table copied so far (`copied`), or being copied
 * (`copying`, with `resume_after`: the key of the last row committed, so `--resume` continues inside the table).
 * It is written before the first data row and each change is one statement, so whatever moment a MySQL import
 * dies at, the next run knows the rows are its own leftovers and cleans them up (or resumes) instead of mistaking
 * them for user data.
 */

import type { SqlExecutor, SqlValue } from '@gateway-db/core';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import { CURSOR_CHARS, type ImportStateColumns, type RunRow, SOURCE_CHARS } from './import-state-table.js';
import { decodeCursor, encodeCursor, type KeyCursor } from './key-cursor.js';
import { mysqlClient } from './mysql/mysql-client.js';
import { sqliteClient } from './sqlite/sqlite-client.js';
import type { StoreClient } from './store-client.js';
import { RUN_MARKER_NAMES } from './store-parts.js';

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

function toMarker(row: RunRow): RunMarker {
  // SQLite hands BIGINTs over as bigint (safeIntegers): Number() either way.
  return {
    state: row.state as RunState,
    source: row.source,
    fingerprint: row.fingerprint,
    updatedAt: Number(row.updated_at),
  };
}

/** The run marker `name`, or undefined when no such import ever ran here (or the table does not exist). */
export async function readRunMarker(db: StoreClient, name = RUN): Promise<RunMarker | undefined> {
  const rows = await db.importState.selectRun((t) => eq(t.name, name)).catch(() => []);
  const row = rows[0];
  return row === undefined ? undefined : toMarker(row);
}

/**
 * The first run marker of any part (whole store, config, logs) still `copying`: the start-up check must refuse a
 * store holding the leftovers of any of them.
 */
export async function readUnfinishedMarker(db: StoreClient): Promise<(RunMarker & { name: string }) | undefined> {
  const rows = await db.importState
    .selectRun((t) => and(inArray(t.name, [...RUN_MARKER_NAMES]), eq(t.state, 'copying')))
    .catch(() => []);
  const row = rows[0];
  return row === undefined ? undefined : { ...toMarker(row), name: row.name };
}

/** Removes run markers (a finished run that replaced every table makes the other parts' markers stale). */
export async function forgetRunMarkers(db: StoreClient, names: readonly string[]): Promise<void> {
  if (names.length > 0) await db.importState.delete((t) => inArray(t.name, [...names]));
}

/** Sets the run marker in one statement (UPDATE when it exists, else INSERT): never a moment without it. */
export async function writeRunMarker(
  db: StoreClient,
  state: RunState,
  source: string,
  fingerprint: string,
  name = RUN,
): Promise<void> {
  const values = { state, source: source.slice(0, SOURCE_CHARS), fingerprint, updated_at: Date.now() };
  if (await readRunMarker(db, name)) await db.importState.update(values, (t) => eq(t.name, name));
  else await db.importState.insert({ name, ...values });
}

/** The table rows of the tables named (a part's), or of every table when `tables` is undefined. */
function tableRows(tables: readonly string[] | undefined) {
  return (t: ImportStateColumns) =>
    tables === undefined ? notInArray(t.name, [...RUN_MARKER_NAMES]) : inArray(t.name, [...tables]);
}

/** What the interrupted run of one fingerprint left per table: fully copied, or copied up to a key. */
export interface TableProgress {
  readonly copied: ReadonlySet<string>;
  readonly cursors: ReadonlyMap<string, KeyCursor>;
}

/** `tables`: only these tables' rows (one part's, when another part shares the store). Default: every table. */
export async function tableProgress(
  db: StoreClient,
  fingerprint: string,
  tables?: readonly string[],
): Promise<TableProgress> {
  if (tables?.length === 0) return { copied: new Set(), cursors: new Map() };
  const rows = await db.importState.select((t) => and(tableRows(tables)(t), eq(t.fingerprint, fingerprint)));
  const copied = new Set<string>();
  const cursors = new Map<string, KeyCursor>();
  for (const row of rows) {
    const cursor = decodeCursor(row.resume_after);
    if (row.state === 'copied') copied.add(row.name);
    else if (row.state === 'copying' && cursor !== undefined) cursors.set(row.name, cursor);
  }
  return { copied, cursors };
}

/** One statement either way (UPDATE when the table's row exists, else INSERT), like the run marker. */
async function writeTableRow(
  db: StoreClient,
  table: string,
  row: { state: string; resume_after: string | null; fingerprint: string },
) {
  const values = { ...row, updated_at: Date.now() };
  const existing = await db.importState.select((t) => eq(t.name, table));
  if (existing.length > 0) await db.importState.update(values, (t) => eq(t.name, table));
  else await db.importState.insert({ name: table, source: '', ...values });
}

/**
 * Records that every row of `table` up to `cursor` is committed in the target. A key too long for the column is
 * not kept: that table would be copied again from its start.
 */
export async function saveTableCursor(
  db: StoreClient,
  table: string,
  fingerprint: string,
  cursor: KeyCursor,
): Promise<void> {
  const encoded = encodeCursor(cursor);
  if (encoded.length > CURSOR_CHARS) return;
  await writeTableRow(db, table, { state: 'copying', resume_after: encoded, fingerprint });
}

export async function markTableCopied(db: StoreClient, table: string, fingerprint: string): Promise<void> {
  await writeTableRow(db, table, { state: 'copied', resume_after: null, fingerprint });
}

/** `tables`: only these tables' rows (one part's). Default: every table's. */
export async function forgetCopiedTables(db: StoreClient, tables?: readonly string[]): Promise<void> {
  if (tables?.length === 0) return;
  await db.importState.delete(tableRows(tables));
}
