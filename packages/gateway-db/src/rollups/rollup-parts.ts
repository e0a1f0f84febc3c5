/**
 * The rows a dashboard read adds up, as ONE derived table (so one statement, one consistent snapshot on both
 * dialects, even while the writer or the backfill commits):
 * - whole UTC hours of the range from api_request_rollups;
 * - the partial hours at the range's edges from api_requests (an indexed range of at most two hours);
 * - while the backfill has not finished, the raw rows of the whole hours that are not rolled up yet.
 * Every part yields the same columns, raw rows one row each, counted by the same rules as rollup-delta.ts, so the
 * sums are identical to a raw scan of the range (tested with random rows and ranges on both dialects).
 * Requests of keys with `disable_logging` are left out in every part, as before.
 */
import { and, type Column, eq, gte, lt, notExists, type SQL, sql } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { HOUR_MS, type TimeRange } from '../repositories/logged-requests.js';
import { MAX_COUNTED_VALUE } from './rollup-delta.js';
import { readRollupState } from './rollup-state.js';

export interface PartsOptions {
  /** Compute the model key of raw rows (sha256 in SQL): only model statistics need it. */
  readonly withModel?: boolean;
}

/** A range of created_at (or hour) values, start inclusive, end exclusive. */
interface Span {
  readonly from: number;
  readonly to: number;
}

/** How a range splits into whole hours (rollups) and the edges (raw rows). */
export function splitRange({ start, end }: TimeRange): { whole: Span | undefined; edges: Span[] } {
  if (end < start) return { whole: undefined, edges: [] };
  const firstWhole = Math.ceil(start / HOUR_MS) * HOUR_MS;
  const wholeEnd = Math.floor((end + 1) / HOUR_MS) * HOUR_MS;
  if (firstWhole >= wholeEnd) return { whole: undefined, edges: [{ from: start, to: end + 1 }] };
  const edges = [
    { from: start, to: firstWhole },
    { from: wholeEnd, to: end + 1 },
  ].filter((span) => span.from < span.to);
  return { whole: { from: firstWhole, to: wholeEnd }, edges };
}

function notSilenced({ client, tables: { virtualKeys: keys } }: OrmContext, keyColumn: Column): SQL {
  return notExists(
    client
      .select({ one: sql`1` })
      .from(keys)
      .where(and(eq(keys.id, keyColumn), eq(keys.disable_logging, true))),
  );
}

function rollupPart(ctx: OrmContext, whole: Span) {
  const t = ctx.tables.apiRequestRollups;
  return ctx.client
    .select({
      at: sql<number>`${t.hour}`.as('at'),
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
    .where(and(gte(t.hour, whole.from), lt(t.hour, whole.to), notSilenced(ctx, t.virtual_key_id)));
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
  const { whole, edges } = splitRange(range);
  const raw = edges.map((span) => rawPart(ctx, span, false, withModel));
  if (whole) {
    const state = await readRollupState(ctx);
    if (!state.complete) {
      // Rows below the backfill's progress may not be rolled up yet: those are read raw (flagged, so a row is
      // never in both parts).
      const to = Math.min(whole.to, state.backfilledFrom ?? whole.to);
      if (whole.from < to) raw.push(rawPart(ctx, { from: whole.from, to }, true, withModel));
    }
  }
  // The rollup part always leads (an empty hour span when the range has no whole hour): it gives the derived
  // table its shape even when there is nothing else.
  const rollups = rollupPart(ctx, whole ?? { from: 0, to: 0 });
  const [first, ...rest] = raw;
  if (first === undefined) return rollups.as('parts');
  let union = rollups.unionAll(first);
  for (const part of rest) union = union.unionAll(part);
  return union.as('parts');
}
