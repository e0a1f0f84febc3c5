/**
 * The rows a dashboard read adds up, as ONE derived table (so one statement, one consistent snapshot on both
 * dialects, even while the writer or the backfill commits):
 * - whole UTC days of the range from the daily rollups, the whole hours around them from the hourly ones;
 * - the partial hours at the range's edges from api_requests (an indexed range of at most two hours);
 * - while the backfill has not finished, the raw rows of the whole hours that are not rolled up yet.
 * Every part yields the same columns, raw rows counted by the same rules as rollup-delta.ts, each part added up by
 * the read's dimensions (PartsGrouping), so the sums are identical to a raw scan of the range (tested with random
 * rows and ranges on both dialects).
 * Requests of keys with `disable_logging` are left out in every part, as before (their ids read from the main store).
 */
import { and, type Column, eq, gte, isNull, lt, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { type LogReads, silencedKeyIds } from '../repositories/log-reads.js';
import { DAY_MS, HOUR_MS, type TimeRange } from '../repositories/logged-requests.js';
import { type Coarsest, edgeStrategy, planRange, type Span } from './range-plan.js';
import { ROLLUP_COUNTERS } from './rollup-counters.js';
import { MAX_COUNTED_VALUE } from './rollup-delta.js';
import { rollupPeriodConditions } from './rollup-span.js';
import { readRollupState } from './rollup-state.js';

/**
 * What the read groups by. Every part adds itself up by these dimensions before the union (the others come out as
 * NULL), so the derived table holds a few rows per part instead of one per rollup row or raw row: MariaDB
 * materialises each level of a multi-part UNION ALL as a temporary table, which cost it ~80 ms per read at 30k
 * rollup rows. Raw rows group by short keys for their model (`modelGroup`: its bytes up to 200, else its sha256)
 * and yield its 64-character key, never grouping by the LONGTEXT itself: a blob group key is what made MariaDB's
 * on-disk temporary tables fail (error 6).
 */
export interface PartsGrouping {
  /** Group by `at DIV bucketMs`: the parts' `at` is then the bucket number. Absent: `at` is NULL. */
  readonly bucketMs?: number;
  /** Group by virtual key. */
  readonly key?: boolean;
  /** Group by provider and model key (model statistics). */
  readonly model?: boolean;
}

export interface PartsOptions {
  readonly groupBy?: PartsGrouping;
  /**
   * The counters the read adds up (default: all ten). Each part sums only these: MariaDB's grouping cost grows
   * with the sums it keeps per group (getModelStats needs 4). The derived table's type still names all ten: a
   * read must use only the counters it asked for (the others are not in the statement).
   */
  readonly measures?: readonly CounterName[];
  /** Default `day`; `hour` for reads whose buckets are hours. */
  readonly coarsest?: Coarsest;
}

/**
 * Leaves out the requests of keys with `disable_logging`, by the ids read from the main store first (no join: the
 * logs may be in another store). A row without a key, or whose key is gone, still counts.
 */
function notSilenced(silenced: readonly string[], keyColumn: Column): SQL | undefined {
  if (silenced.length === 0) return undefined;
  return or(isNull(keyColumn), notInArray(keyColumn, [...silenced]));
}

/** A part's dimension columns: the kept ones as given, the others NULL; and what to GROUP BY. */
function dimensions(
  ctx: OrmContext,
  grouping: PartsGrouping,
  columns: {
    at: Column;
    key: Column;
    provider: Column;
    model: { key: SQL<unknown> | Column; groupBy: SQL<unknown>[] };
  },
) {
  const none = sql<null>`NULL`;
  const at = grouping.bucketMs === undefined ? none : ctx.ops.intDiv(columns.at, grouping.bucketMs);
  const key = grouping.key ? sql`${columns.key}` : none;
  // Grouped by its short keys (MySQL: never by the 3,072-byte column); every id in a group is the same id.
  const provider = grouping.model ? sql`MIN(${columns.provider})` : none;
  const model = grouping.model ? sql`${columns.model.key}` : none;
  const kept = [
    ...(grouping.bucketMs === undefined ? [] : [at]),
    ...(grouping.key ? [key] : []),
    ...(grouping.model ? [...columns.model.groupBy, ...ctx.ops.shortGroupKeys(columns.provider)] : []),
  ];
  return {
    fields: {
      at: sql<number | null>`${at}`.as('at'),
      virtual_key_id: sql<string | null>`${key}`.as('virtual_key_id'),
      provider_id: sql<string | null>`${provider}`.as('provider_id'),
      model_key: sql<string | null>`${model}`.as('model_key'),
    },
    groupBy: kept,
  };
}

/** The read's counters of a part, summed over its group. */
function counters(measures: readonly CounterName[], values: Record<CounterName, SQL>) {
  const field = (name: CounterName) => sql<number>`SUM(${values[name]})`.as(name);
  return Object.fromEntries(measures.map((name) => [name, field(name)])) as Record<CounterName, SQL.Aliased<number>>;
}

/** Every part yields each counter the read asks for under its column's name. */
const COUNTERS = ROLLUP_COUNTERS;
export type CounterName = (typeof COUNTERS)[number];

/** What every part of one read shares: the log store, the read's grouping and counters, the silenced keys. */
interface PartsContext {
  readonly ctx: OrmContext;
  readonly grouping: PartsGrouping;
  readonly measures: readonly CounterName[];
  readonly silenced: readonly string[];
}

/** The rollup parts of `span` (one per rollupPeriodConditions piece, usually one). */
function rollupParts(parts: PartsContext, span: Span, periodMs: number) {
  return rollupPeriodConditions(parts.ctx, periodMs, span).map((rows) => rollupPart(parts, rows));
}

function rollupPart({ ctx, grouping, measures, silenced }: PartsContext, rows: SQL) {
  const t = ctx.tables.apiRequestRollups;
  const dims = dimensions(ctx, grouping, {
    at: t.period_start,
    key: t.virtual_key_id,
    provider: t.provider_id,
    model: { key: t.model_key, groupBy: [sql`${t.model_key}`] },
  });
  const values = Object.fromEntries(COUNTERS.map((name) => [name, sql`${t[name]}`])) as Record<CounterName, SQL>;
  return ctx.client
    .select({ ...dims.fields, ...counters(measures, values) })
    .from(t)
    .where(and(rows, notSilenced(silenced, t.virtual_key_id)))
    .groupBy(...dims.groupBy);
}

/** Which raw rows a part reads: all of them, only those not rolled up yet, or only those rolled up. */
type RawRows = 'all' | 'unrolled' | 'rolled';

/**
 * The raw rows of `span`, counted by rollup-delta.ts's rules; `sign` -1 subtracts them (an edge read as its hour's
 * rollup minus the rows of the hour outside the range).
 */
function rawPart({ ctx, grouping, measures, silenced }: PartsContext, span: Span, rows: RawRows, sign: 1 | -1 = 1) {
  const r = ctx.tables.apiRequests;
  // Byte-exact: MySQL's collation would count `Success` and `success ` as successes too.
  const status = ctx.ops.exactGroupKey(r.status);
  const hit = sql`${r.cache_hit} = 1`;
  const max = sql.raw(String(MAX_COUNTED_VALUE));
  // As in rollup-delta.ts: token totals leave cache hits out, a NULL adds nothing (SUM skips it, and a NULL
  // comparison is not true), nor does a value beyond MAX_COUNTED_VALUE.
  const uncached = (column: Column) =>
    sql`CASE WHEN ${hit} THEN 0 WHEN ABS(${column}) > ${max} THEN 0 ELSE ${column} END`;
  const knownTime = sql`ABS(${r.response_time}) <= ${max}`;
  const signed = (value: SQL) => (sign === 1 ? value : sql`-(${value})`);
  const values: Record<CounterName, SQL> = {
    requests: signed(sql`1`),
    successes: signed(sql`CASE WHEN ${status} = 'success' THEN 1 ELSE 0 END`),
    errors: signed(sql`CASE WHEN ${status} = 'error' THEN 1 ELSE 0 END`),
    prompt_tokens: signed(uncached(r.prompt_tokens)),
    completion_tokens: signed(uncached(r.completion_tokens)),
    total_tokens: signed(uncached(r.total_tokens)),
    cache_hits: signed(sql`CASE WHEN ${hit} THEN 1 ELSE 0 END`),
    cache_saved_tokens: signed(
      sql`CASE WHEN ${hit} AND ABS(${r.total_tokens}) <= ${max} THEN ${r.total_tokens} ELSE 0 END`,
    ),
    response_time_sum: signed(sql`CASE WHEN ${knownTime} THEN ${r.response_time} END`),
    response_time_count: signed(sql`CASE WHEN ${knownTime} THEN 1 ELSE 0 END`),
  };
  const dims = dimensions(ctx, grouping, {
    at: r.created_at,
    key: r.virtual_key_id,
    provider: r.provider_id,
    model: ctx.ops.modelGroup(r.model),
  });
  return ctx.client
    .select({ ...dims.fields, ...counters(measures, values) })
    .from(r)
    .where(
      and(
        gte(r.created_at, span.from),
        lt(r.created_at, span.to),
        rows === 'all' ? undefined : eq(r.rolled_up, rows === 'rolled'),
        notSilenced(silenced, r.virtual_key_id),
      ),
    )
    .groupBy(...dims.groupBy);
}

/** The parts for one edge (a span inside one hour): its rows, or its hour's rollup minus the rest (edgeStrategy). */
function edgeParts(parts: PartsContext, span: Span, complete: boolean, now: number) {
  const hour = Math.floor(span.from / HOUR_MS) * HOUR_MS;
  if (edgeStrategy(span, complete, now) === 'raw') return { rollups: [], raw: [rawPart(parts, span, 'all')] };
  const outside = [
    { from: hour, to: span.from },
    { from: span.to, to: hour + HOUR_MS },
  ].filter((piece) => piece.from < piece.to);
  return {
    rollups: rollupParts(parts, { from: hour, to: hour + 1 }, HOUR_MS),
    raw: outside.map((piece) => rawPart(parts, piece, 'rolled', -1)),
  };
}

/** Cuts spans at hour boundaries (an edge can cross one when the range holds no whole hour). */
function withinHours(spans: readonly Span[]): Span[] {
  return spans.flatMap((span) => {
    const pieces: Span[] = [];
    for (let from = span.from; from < span.to; ) {
      const to = Math.min(span.to, Math.floor(from / HOUR_MS) * HOUR_MS + HOUR_MS);
      pieces.push({ from, to });
      from = to;
    }
    return pieces;
  });
}

/**
 * The derived table `parts` for a range, in the log store (`reads.logs`); add its counters up with SUM, grouped by
 * the same dimensions.
 */
export async function dashboardParts(reads: LogReads, range: TimeRange, options: PartsOptions = {}) {
  const ctx = reads.logs;
  const plan = planRange(range, options.coarsest ?? 'day');
  const [state, silenced] = await Promise.all([readRollupState(ctx), silencedKeyIds(reads.config)]);
  const parts: PartsContext = {
    ctx,
    grouping: options.groupBy ?? {},
    measures: options.measures ?? COUNTERS,
    silenced,
  };
  const edges = withinHours(plan.edges).map((span) => edgeParts(parts, span, state.complete, Date.now()));
  const raw = edges.flatMap((edge) => edge.raw);
  if (plan.rolled && !state.complete) {
    // Rows below the backfill's progress may not be rolled up yet: those are read raw (flagged, so a row is
    // never in both parts).
    const to = Math.min(plan.rolled.to, state.backfilledFrom ?? plan.rolled.to);
    if (plan.rolled.from < to) raw.push(rawPart(parts, { from: plan.rolled.from, to }, 'unrolled'));
  }
  // A rollup part always leads (an empty span when the range has no whole hour): it gives the derived table its
  // shape even when there is nothing else.
  const rollups = [
    ...(plan.days ? rollupParts(parts, plan.days, DAY_MS) : []),
    ...plan.hours.flatMap((span) => rollupParts(parts, span, HOUR_MS)),
    ...edges.flatMap((edge) => edge.rollups),
  ];
  const [first = rollupParts(parts, { from: 0, to: 0 }, HOUR_MS)[0], ...rest] = rollups;
  if (first === undefined) throw new Error('dashboard parts: no rollup part');
  const others = [...rest, ...raw];
  const [second, ...more] = others;
  if (second === undefined) return first.as('parts');
  let union = first.unionAll(second);
  for (const part of more) union = union.unionAll(part);
  return union.as('parts');
}
