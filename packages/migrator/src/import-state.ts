/**
 * The import marker in the target, `gateway_db_import_state`: row `_run` says an import is `copying` or
 * `verified` (with the source fingerprint); one row per table copied so far. It is written before the first data
 * row and each change is one statement, so whatever moment a MySQL import dies at, the next run knows the rows are
 * its own leftovers and cleans them up (or resumes) instead of mistaking them for user data. SQL written once.
 */
import type { SqlExecutor, SqlValue } from 'gateway-db';
import type { SqlRunner } from './store.js';

export const IMPORT_STATE_TABLE = 'gateway_db_import_state';
const T = `\`${IMPORT_STATE_TABLE}\``;
const RUN = '_run';

export type RunState = 'copying' | 'verified';

export interface RunMarker {
  readonly state: RunState;
  readonly source: string;
  readonly fingerprint: string;
  readonly updatedAt: number;
}

/** The marker functions over a gateway-db executor (the start-up import's store): rows as arrays, select order. */
export function executorRunner(executor: SqlExecutor): SqlRunner {
  return {
    // The bookkeeping queries bind only strings and numbers.
    run: async (sql, params = []) => void (await executor.run(sql, params as readonly SqlValue[])),
    all: async (sql, params = []) => (await executor.all(sql, params as readonly SqlValue[])).map((row) => Object.values(row)),
  };
}

export async function ensureStateTable(db: SqlRunner): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS ${T} (
  \`name\` VARCHAR(64) NOT NULL PRIMARY KEY,
  \`state\` VARCHAR(16) NOT NULL,
  \`source\` VARCHAR(1024) NOT NULL,
  \`fingerprint\` VARCHAR(128) NOT NULL,
  \`updated_at\` BIGINT NOT NULL
)`);
}

/** The run marker, or undefined when no import ever ran here (or the table does not exist). */
export async function readRunMarker(db: SqlRunner): Promise<RunMarker | undefined> {
  let rows: unknown[][];
  try {
    rows = await db.all(`SELECT \`state\`, \`source\`, \`fingerprint\`, \`updated_at\` FROM ${T} WHERE \`name\` = ?`, [RUN]);
  } catch {
    return undefined;
  }
  const [state, source, fingerprint, updatedAt] = rows[0] ?? [];
  if (state === undefined) return undefined;
  return { state: String(state) as RunState, source: String(source), fingerprint: String(fingerprint), updatedAt: Number(updatedAt) };
}

/** Sets the run marker in one statement (UPDATE when it exists, else INSERT): never a moment without it. */
export async function writeRunMarker(db: SqlRunner, state: RunState, source: string, fingerprint: string): Promise<void> {
  const existing = await readRunMarker(db);
  const now = Date.now();
  if (existing) {
    await db.run(`UPDATE ${T} SET \`state\` = ?, \`source\` = ?, \`fingerprint\` = ?, \`updated_at\` = ? WHERE \`name\` = ?`, [
      state, source.slice(0, 1024), fingerprint, now, RUN,
    ]);
  } else {
    await db.run(`INSERT INTO ${T} (\`name\`, \`state\`, \`source\`, \`fingerprint\`, \`updated_at\`) VALUES (?, ?, ?, ?, ?)`, [
      RUN, state, source.slice(0, 1024), fingerprint, now,
    ]);
  }
}

/** Tables recorded as fully copied by the interrupted run of `fingerprint`. */
export async function copiedTables(db: SqlRunner, fingerprint: string): Promise<Set<string>> {
  const rows = await db.all(`SELECT \`name\` FROM ${T} WHERE \`name\` <> ? AND \`state\` = 'copied' AND \`fingerprint\` = ?`, [RUN, fingerprint]);
  return new Set(rows.map(([name]) => String(name)));
}

export async function markTableCopied(db: SqlRunner, table: string, fingerprint: string): Promise<void> {
  await db.run(`INSERT INTO ${T} (\`name\`, \`state\`, \`source\`, \`fingerprint\`, \`updated_at\`) VALUES (?, 'copied', '', ?, ?)`, [
    table, fingerprint, Date.now(),
  ]);
}

export async function forgetCopiedTables(db: SqlRunner): Promise<void> {
  await db.run(`DELETE FROM ${T} WHERE \`name\` <> ?`, [RUN]);
}
