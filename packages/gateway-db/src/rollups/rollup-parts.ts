/**
 * The rows a dashboard read adds up, as ONE derived table (so one statement, one consistent snapshot on both
 * dialects, even while the writer or the backfill commits):
 * - whole UTC days of the range from the daily rollups, the whole hours around them from the hourly ones;
 * - the partial hours at the range's edges from api_requests (an indexed range of at most two hours);
 * - while the backfill has not finished, the raw rows of the whole hours that are not rolled up yet.
 * Every part yields the same columns, raw rows one row each, counted by the same rules as rollup-delta.ts, so the
 * sums are identical to a raw scan of the range (tested with random rows and ranges on both dialects).
 * Requests of keys with `disable_logging` are left out in every part, as before.
 */
import { and, type Column, eq, gte, lt, notExists, type SQL, sql } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { DAY_MS, HOUR_MS, type TimeRange } from '../repositories/logged-requests.js';
import { MAX_COUNTED_VALUE } from './rollup-delta.js';
import { readRollupState } from './rollup-state.js';

export interface PartsOptions {
  /** Compute the model key of raw rows (sha256 in SQL): only model statistics need it. */
  readonly withModel?: boolean;
  /** Default `day`; `hour` for reads whose buckets are hours. */
  readonly coarsest?: Coarsest;
}

/** A range of created_at (or hour) values, start inclusive, end exclusive. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** The coarsest rollup period a read may use: `hour` when its buckets are hours. */
export type Coarsest = 'hour' | 'day';

export interface RangePlan {
  /** Whole UTC days, from the daily rollups. */
  readonly days: Span | undefined;
  /** Whole UTC hours outside those days, from the hourly rollups. */
  readonly hours: Span[];
  /** The partial hours at the edges: raw rows. */
  readonly edges: Span[];
  /** Every whole hour of the range (days and hours): where rows not rolled up yet must be read raw. */
  readonly rolled: Span | undefined;
}

const nonEmpty = (spans: Span[]) => spans.filter((span) => span.from < span.to);

/** How a range splits into whole days, whole hours and raw edges (`end` inclusive, spans end-exclusive). */
export function planRange({ start, end }: TimeRange, coarsest: Coarsest): RangePlan {
  const none = { days: undefined, hours: [], edges: [], rolled: undefined };
  if (end < start) return none;
  const firstHour = Math.ceil(start / HOUR_MS) * HOUR_MS;
  const hoursEnd = Math.floor((end + 1) / HOUR_MS) * HOUR_MS;
  if (firstHour >= hoursEnd) return { ...none, edges: [{ from: start, to: end + 1 }] };
  const edges = nonEmpty([
    { from: start, to: firstHour },
    { from: hoursEnd, to: end + 1 },
  ]);
  const rolled = { from: firstHour, to: hoursEnd };
  const firstDay = Math.ceil(firstHour / DAY_MS) * DAY_MS;
  const daysEnd = Math.floor(hoursEnd / DAY_MS) * DAY_MS;
  if (coarsest === 'hour' || firstDay >= daysEnd) return { days: undefined, hours: [rolled], edges, rolled };
  const hours = nonEmpty([
    { from: firstHour, to: firstDay },
    { from: daysEnd, to: hoursEnd },
  ]);
  return { days: { from: firstDay, to: daysEnd }, hours, edges, rolled };
}

function notSilenced({ client, tables: { virtualKeys: keys } }: OrmContext, keyColumn: Column): SQL {
  return notExists(
    client
      .select({ one: sql`1` })
      .from(keys)
      .where(and(eq(keys.id, keyColumn), eq(keys.disable_logging, true))),
  );
}

function rollupPart(ctx: OrmContext, span: Span, periodMs: number) {
  const t = ctx.tables.apiRequestRollups;
  return ctx.client
    .select({
      at: sql<number>`${t.period_start}`.as('at'),
      virtual_key_id: sql<string | null>`${t.virtual_key_id}`.as('virtual_key_id'),
      provider_id: sql<string | null>`${t.provider_id}`.as('provider_id'),
      model_key: sql<string | null>`${t.model_key}`.as('model_key'),
      requests: sql<number>`${t.requests}`.as('requests'),
      successes: sql<number>`${t.successes}`.as('successes'),
      errors: sql<number>`${t.errors}`.as('errors'),
      prompt_tokens: sql<number>`${t.prompt_tokens}`.as('prompt_tokens'),
      completion_tokens: sql<number>`${t.completion_tokens}`.as('completion_tokens'),
      total_tokens: sql<number>`${t.total_tokens}`.as('total_tokens'),
      cache_hits: sql<number>`${t.cache_hits}`.as('cache_hits'),
      cache_saved_tokens: sql<number>`${t.cache_saved_tokens}`.as('cache_saved_tokens'),
      response_time_sum: sql<number>`${t.response_time_sum}`.as('response_time_sum'),
      response_time_count: sql<number>`${t.response_time_count}`.as('response_time_count'),
    })
    .from(t)
    .where(
      and(
        eq(t.period_ms, periodMs),
        gte(t.period_start, span.from),
        lt(t.period_start, span.to),
        notSilenced(ctx, t.virtual_key_id),
      ),
    );
}

function rawPart(ctx: OrmContext, span: Span, onlyUnrolled: boolean, withModel: boolean) {
  const r = ctx.tables.apiRequests;
  // Byte-exact: MySQL's collation would count `Success` and `success ` as successes too.
  const status = ctx.ops.exactGroupKey(r.status);
  const hit = sql`${r.cache_hit} = 1`;
  const max = sql.raw(String(MAX_COUNTED_VALUE));
  // As in rollup-delta.ts: token totals leave cache hits out, a NULL adds nothing (SUM skips it, and a NULL
  // comparison is not true), nor does a value beyond MAX_COUNTED_VALUE.
  const uncached = (column: Column) =>
    sql<number>`CASE WHEN ${hit} THEN 0 WHEN ABS(${column}) > ${max} THEN 0 ELSE ${column} END`;
  const knownTime = sql`ABS(${r.response_time}) <= ${max}`;
  return ctx.client
    .select({
      at: sql<number>`${r.created_at}`.as('at'),
      virtual_key_id: sql<string | null>`${r.virtual_key_id}`.as('virtual_key_id'),
      provider_id: sql<string | null>`${r.provider_id}`.as('provider_id'),
      model_key: (withModel ? ctx.ops.modelKeyOf(r.model) : sql<string | null>`NULL`).as('model_key'),
      requests: sql<number>`1`.as('requests'),
      successes: sql<number>`CASE WHEN ${status} = 'success' THEN 1 ELSE 0 END`.as('successes'),
      errors: sql<number>`CASE WHEN ${status} = 'error' THEN 1 ELSE 0 END`.as('errors'),
      prompt_tokens: uncached(r.prompt_tokens).as('prompt_tokens'),
      completion_tokens: uncached(r.completion_tokens).as('completion_tokens'),
      total_tokens: uncached(r.total_tokens).as('total_tokens'),
      cache_hits: sql<number>`CASE WHEN ${hit} THEN 1 ELSE 0 END`.as('cache_hits'),
      cache_saved_tokens:
        sql<number>`CASE WHEN ${hit} AND ABS(${r.total_tokens}) <= ${max} THEN ${r.total_tokens} ELSE 0 END`.as(
          'cache_saved_tokens',
        ),
      response_time_sum: sql<number>`CASE WHEN ${knownTime} THEN ${r.response_time} END`.as('response_time_sum'),
      response_time_count: sql<number>`CASE WHEN ${knownTime} THEN 1 ELSE 0 END`.as('response_time_count'),
    })
    .from(r)
    .where(
      and(
        gte(r.created_at, span.from),
        lt(r.created_at, span.to),
        onlyUnrolled ? eq(r.rolled_up, false) : undefined,
        notSilenced(ctx, r.virtual_key_id),
      ),
    );
}

/** The derived table `parts` for a range; aggregate its columns with SUM. */
export async function dashboardParts(ctx: OrmContext, range: TimeRange, options: PartsOptions = {}) {
  const withModel = options.withModel ?? false;
  const plan = planRange(range, options.coarsest ?? 'day');
  const raw = plan.edges.map((span) => rawPart(ctx, span, false, withModel));
  if (plan.rolled) {
    const state = await readRollupState(ctx);
    if (!state.complete) {
      // Rows below the backfill's progress may not be rolled up yet: those are read raw (flagged, so a row is
      // never in both parts).
      const to = Math.min(plan.rolled.to, state.backfilledFrom ?? plan.rolled.to);
      if (plan.rolled.from < to) raw.push(rawPart(ctx, { from: plan.rolled.from, to }, true, withModel));
    }
  }
  // A rollup part always leads (an empty span when the range has no whole hour): it gives the derived table its
  // shape even when there is nothing else.
  const rollups = [
    ...(plan.days ? [rollupPart(ctx, plan.days, DAY_MS)] : []),
    ...plan.hours.map((span) => rollupPart(ctx, span, HOUR_MS)),
  ];
  const [first = rollupPart(ctx, { from: 0, to: 0 }, HOUR_MS), ...rest] = rollups;
  const others = [...rest, ...raw];
  const [second, ...more] = others;
  if (second === undefined) return first.as('parts');
  let union = first.unionAll(second);
  for (const part of more) union = union.unionAll(part);
  return union.as('parts');
}
