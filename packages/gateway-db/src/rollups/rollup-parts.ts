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
import { type Coarsest, planRange, type Span } from './range-plan.js';
import { MAX_COUNTED_VALUE } from './rollup-delta.js';
import { readRollupState } from './rollup-state.js';

export interface PartsOptions {
  /** Compute the model key of raw rows (sha256 in SQL): only model statistics need it. */
  readonly withModel?: boolean;
  /** Default `day`; `hour` for reads whose buckets are hours. */
  readonly coarsest?: Coarsest;
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

/** Which raw rows a part reads: all of them, only those not rolled up yet, or only those rolled up. */
type RawRows = 'all' | 'unrolled' | 'rolled';

/**
 * The raw rows of `span`, one derived row each; `sign` -1 subtracts them (an edge read as its hour's rollup minus
 * the rows of the hour outside the range).
 */
function rawPart(ctx: OrmContext, span: Span, rows: RawRows, withModel: boolean, sign: 1 | -1 = 1) {
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
  const signed = (value: SQL) => (sign === 1 ? value : sql`-(${value})`);
  return ctx.client
    .select({
      at: sql<number>`${r.created_at}`.as('at'),
      virtual_key_id: sql<string | null>`${r.virtual_key_id}`.as('virtual_key_id'),
      provider_id: sql<string | null>`${r.provider_id}`.as('provider_id'),
      model_key: (withModel ? ctx.ops.modelKeyOf(r.model) : sql<string | null>`NULL`).as('model_key'),
      requests: sql<number>`${signed(sql<number>`1`)}`.as('requests'),
      successes: sql<number>`${signed(sql<number>`CASE WHEN ${status} = 'success' THEN 1 ELSE 0 END`)}`.as('successes'),
      errors: sql<number>`${signed(sql<number>`CASE WHEN ${status} = 'error' THEN 1 ELSE 0 END`)}`.as('errors'),
      prompt_tokens: sql<number>`${signed(uncached(r.prompt_tokens))}`.as('prompt_tokens'),
      completion_tokens: sql<number>`${signed(uncached(r.completion_tokens))}`.as('completion_tokens'),
      total_tokens: sql<number>`${signed(uncached(r.total_tokens))}`.as('total_tokens'),
      cache_hits: sql<number>`${signed(sql<number>`CASE WHEN ${hit} THEN 1 ELSE 0 END`)}`.as('cache_hits'),
      cache_saved_tokens: sql<number>`${signed(
        sql`CASE WHEN ${hit} AND ABS(${r.total_tokens}) <= ${max} THEN ${r.total_tokens} ELSE 0 END`,
      )}`.as('cache_saved_tokens'),
      response_time_sum: sql<number>`${signed(sql`CASE WHEN ${knownTime} THEN ${r.response_time} END`)}`.as(
        'response_time_sum',
      ),
      response_time_count: sql<number>`${signed(sql<number>`CASE WHEN ${knownTime} THEN 1 ELSE 0 END`)}`.as(
        'response_time_count',
      ),
    })
    .from(r)
    .where(
      and(
        gte(r.created_at, span.from),
        lt(r.created_at, span.to),
        rows === 'all' ? undefined : eq(r.rolled_up, rows === 'rolled'),
        notSilenced(ctx, r.virtual_key_id),
      ),
    );
}

/**
 * The parts for one raw edge (a span inside one hour). Once every row is rolled up, an edge that covers most of
 * its hour is read as that hour's rollup minus the rows of the hour outside the range: the shorter side is
 * scanned, so no read scans more than half an hour of raw rows per edge.
 */
function edgeParts(ctx: OrmContext, span: Span, complete: boolean, withModel: boolean) {
  const hour = Math.floor(span.from / HOUR_MS) * HOUR_MS;
  const inside = span.to - span.from;
  if (!complete || inside * 2 <= HOUR_MS) return { rollups: [], raw: [rawPart(ctx, span, 'all', withModel)] };
  const outside = [
    { from: hour, to: span.from },
    { from: span.to, to: hour + HOUR_MS },
  ].filter((piece) => piece.from < piece.to);
  return {
    rollups: [rollupPart(ctx, { from: hour, to: hour + 1 }, HOUR_MS)],
    raw: outside.map((piece) => rawPart(ctx, piece, 'rolled', withModel, -1)),
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

/** The derived table `parts` for a range; aggregate its columns with SUM. */
export async function dashboardParts(ctx: OrmContext, range: TimeRange, options: PartsOptions = {}) {
  const withModel = options.withModel ?? false;
  const plan = planRange(range, options.coarsest ?? 'day');
  const state = await readRollupState(ctx);
  const edges = withinHours(plan.edges).map((span) => edgeParts(ctx, span, state.complete, withModel));
  const raw = edges.flatMap((edge) => edge.raw);
  if (plan.rolled && !state.complete) {
    // Rows below the backfill's progress may not be rolled up yet: those are read raw (flagged, so a row is
    // never in both parts).
    const to = Math.min(plan.rolled.to, state.backfilledFrom ?? plan.rolled.to);
    if (plan.rolled.from < to) raw.push(rawPart(ctx, { from: plan.rolled.from, to }, 'unrolled', withModel));
  }
  // A rollup part always leads (an empty span when the range has no whole hour): it gives the derived table its
  // shape even when there is nothing else.
  const rollups = [
    ...(plan.days ? [rollupPart(ctx, plan.days, DAY_MS)] : []),
    ...plan.hours.map((span) => rollupPart(ctx, span, HOUR_MS)),
    ...edges.flatMap((edge) => edge.rollups),
  ];
  const [first = rollupPart(ctx, { from: 0, to: 0 }, HOUR_MS), ...rest] = rollups;
  const others = [...rest, ...raw];
  const [second, ...more] = others;
  if (second === undefined) return first.as('parts');
  let union = first.unionAll(second);
  for (const part of more) union = union.unionAll(part);
  return union.as('parts');
}
