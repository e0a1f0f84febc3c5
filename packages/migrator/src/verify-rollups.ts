/**
 * The dashboards' rollups checked against the rows they count, in a store: per UTC hour and per UTC day, the
 * hourly and daily rollups must add up to what the rolled-up api_requests rows of that period count (requests,
 * successes, errors, cache hits, tokens without cache hits: gateway-db's counting rules). Periods retention may
 * have emptied (before `rows_cleaned_before`) keep their rollups without their rows and are not compared; rows
 * the backfill has not reached yet (`rolled_up` false) are in no rollup. A verified copy of a consistent store is
 * consistent, so a difference here means the rollups or the flags were not copied as they were, or the source
 * itself was inconsistent (the caller checks which).
 */
import { ROLLUP_MAX_COUNTED_VALUE } from '@gateway-db/schema';
import { and, type Column, eq, gte, type SQL, sql } from 'drizzle-orm';
import { MigrationError } from './errors.js';
import { planTables, type TablePlan } from './plan.js';
import type { StoreClient } from './store-client.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** At most this many differing periods are named in the result. */
const NAMED_DIFFERENCES = 5;

export interface RollupCheck {
  /** Periods (hours and days) that have rows or rollups and were compared. */
  readonly periodsCompared: number;
  /** The first differing periods, e.g. `hour 2026-11-28T10:00:00.000Z: requests 12 in rollups, 11 in rows`. */
  readonly differences: readonly string[];
  /** How many periods differ in all. */
  readonly differingPeriods: number;
}

const COUNTERS = ['requests', 'successes', 'errors', 'cache_hits', 'total_tokens'] as const;
type Totals = Record<(typeof COUNTERS)[number], bigint>;

let plansByName: Map<string, TablePlan> | undefined;

/** The migration plan of a table (its Drizzle tables and columns on both dialects). */
function planOf(name: string): TablePlan {
  plansByName ??= new Map(planTables().map((plan) => [plan.name, plan]));
  const found = plansByName.get(name);
  if (!found) throw new Error(`Schema error: no table ${name}`);
  return found;
}

/** A column of the plan in the client's dialect. */
function columnOf(client: StoreClient, plan: TablePlan, name: string): Column {
  const column = plan.columns.find((candidate) => candidate.name === name);
  if (!column) throw new Error(`Schema error: no column ${plan.name}.${name}`);
  return column.drizzle[client.dialect] as Column;
}

/** Start of the period that holds `at`, floored for negative times too (% keeps the dividend's sign on both). */
function periodStart(at: SQL | Column, periodMs: number): SQL<unknown> {
  const ms = sql.raw(String(periodMs));
  return sql`(${at} - ((${at} % ${ms}) + ${ms}) % ${ms})`;
}

async function cleanedBefore(client: StoreClient): Promise<number | null> {
  const state = planOf('api_request_rollup_state');
  const [row] = await client.select({
    from: state.table,
    fields: { cleaned: sql`${columnOf(client, state, 'rows_cleaned_before')}` },
    where: eq(columnOf(client, state, 'id'), 'api_requests'),
  });
  return row?.cleaned === null || row?.cleaned === undefined ? null : Number(row.cleaned);
}

async function rowTotals(client: StoreClient, periodMs: number, since: number): Promise<Map<string, Totals>> {
  const requests = planOf('api_requests');
  const c = (name: string) => columnOf(client, requests, name);
  const max = sql.raw(String(ROLLUP_MAX_COUNTED_VALUE));
  // Byte for byte, as the rollups count: MySQL's collation would fold `Success ` into `success` (SQLite compares
  // bytes already, and a BLOB there never equals text).
  const status = client.dialect === 'mysql' ? client.binary(c('status')) : sql`${c('status')}`;
  const hit = sql`${c('cache_hit')} = 1`;
  const start = periodStart(c('created_at'), periodMs);
  const rows = await client.select({
    from: requests.table,
    fields: {
      start,
      requests: sql`COUNT(*)`,
      successes: sql`SUM(CASE WHEN ${status} = 'success' THEN 1 ELSE 0 END)`,
      errors: sql`SUM(CASE WHEN ${status} = 'error' THEN 1 ELSE 0 END)`,
      cache_hits: sql`SUM(CASE WHEN ${hit} THEN 1 ELSE 0 END)`,
      total_tokens: sql`SUM(CASE WHEN ${hit} THEN 0 WHEN ABS(${c('total_tokens')}) > ${max} THEN 0 ELSE ${c('total_tokens')} END)`,
    },
    where: and(eq(c('rolled_up'), true), gte(c('created_at'), since)),
    groupBy: start,
  });
  return byStart(rows);
}

async function rollupTotals(client: StoreClient, periodMs: number, since: number): Promise<Map<string, Totals>> {
  const rollups = planOf('api_request_rollups');
  const c = (name: string) => columnOf(client, rollups, name);
  const start = sql`${c('period_start')}`;
  const rows = await client.select({
    from: rollups.table,
    fields: {
      start,
      ...Object.fromEntries(COUNTERS.map((name) => [name, sql`SUM(${c(name)})`])),
    },
    where: and(eq(c('period_ms'), periodMs), gte(c('period_start'), since)),
    groupBy: start,
  });
  return byStart(rows);
}

/** A whole number from a driver value (a number, a bigint, or MySQL's DECIMAL text for SUM). */
function whole(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  return BigInt(String(value).split('.')[0] ?? '0');
}

function byStart(rows: Record<string, unknown>[]): Map<string, Totals> {
  return new Map(
    rows.map((row) => [
      whole(row.start).toString(),
      Object.fromEntries(COUNTERS.map((name) => [name, whole(row[name])])) as Totals,
    ]),
  );
}

/**
 * After a verified copy: the target's rollups must agree with its rows. When they do not, the source is checked
 * the same way: if it disagrees too, the copy is faithful and the difference came with the source (a warning in
 * `notes`); otherwise the copy changed something and verification fails.
 */
export async function verifyRollupsOfCopy(
  source: StoreClient,
  sourceHasRollups: boolean,
  target: StoreClient,
  notes: string[],
): Promise<RollupCheck> {
  const copied = await checkRollups(target);
  if (copied.differingPeriods === 0) return copied;
  const original = sourceHasRollups ? await checkRollups(source) : undefined;
  const periods = copied.differingPeriods === 1 ? '1 period' : `${copied.differingPeriods} periods`;
  const described = `${periods}, e.g. ${copied.differences.join('; ')}`;
  if (original && original.differingPeriods === copied.differingPeriods) {
    notes.push(
      `the source's dashboard rollups already disagreed with its rows (${described}); copied as they were: ` +
        'dashboards over those periods show the rollups',
    );
    return copied;
  }
  throw new MigrationError({
    code: 'VERIFY_FAILED',
    message: `Verification failed: the target's dashboard rollups disagree with its rows in ${described}. The import is marked unfinished: re-running starts over`,
  });
}

/** Compares the rollups of `store` with its rows; see the module comment. */
export async function checkRollups(client: StoreClient): Promise<RollupCheck> {
  const cleaned = await cleanedBefore(client);
  const differences: string[] = [];
  let compared = 0;
  let differing = 0;
  for (const [label, periodMs] of [
    ['hour', HOUR_MS],
    ['day', DAY_MS],
  ] as const) {
    // The first whole period retention has not touched.
    const since = cleaned === null ? Number.MIN_SAFE_INTEGER : Math.ceil(cleaned / periodMs) * periodMs;
    const rows = await rowTotals(client, periodMs, since);
    const rollups = await rollupTotals(client, periodMs, since);
    for (const start of new Set([...rows.keys(), ...rollups.keys()])) {
      compared++;
      const counted = rows.get(start);
      const summed = rollups.get(start);
      const differs = COUNTERS.find((name) => (counted?.[name] ?? 0n) !== (summed?.[name] ?? 0n));
      if (differs === undefined) continue;
      differing++;
      if (differences.length < NAMED_DIFFERENCES) {
        const when = new Date(Number(start)).toISOString();
        differences.push(
          `${label} ${when}: ${differs} ${summed?.[differs] ?? 0n} in the rollups, ${counted?.[differs] ?? 0n} in the rows`,
        );
      }
    }
  }
  return { periodsCompared: compared, differences, differingPeriods: differing };
}
