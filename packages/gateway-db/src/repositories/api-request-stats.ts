/** Totals and the top models over the logged requests of a time range (dashboard queries). */
import { toNumber, toText } from '@gateway-db/core/dialect/row-codec.js';
import { count, eq, sql } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { compareText } from './compare-text.js';
import { loggedRequestsIn, resolveTimeRange, type TimeRangeOptions, uncachedSum } from './logged-requests.js';

/**
 * Token totals (`totalTokens`, `promptTokens`, `completionTokens`, and the trends' `tokenCount` and model stats'
 * `totalTokens`) count the requests NOT answered from the response cache, as the legacy app did; the tokens of
 * cache hits are reported apart, as `cacheSavedTokens`.
 */
export interface ApiRequestStats {
  totalRequests: number;
  successfulRequests: number;
  failedRequests: number;
  totalTokens: number;
  promptTokens: number;
  completionTokens: number;
  /** Mean of the known response times, in ms (0 when there are none). */
  avgResponseTime: number;
  /** Requests answered from the response cache. */
  cacheHits: number;
  /** Total tokens of the requests answered from the response cache. */
  cacheSavedTokens: number;
}

export interface ModelStats {
  model: string | null;
  providerName: string | null;
  requestCount: number;
  totalTokens: number;
  avgResponseTime: number;
}

export interface ModelStatsOptions extends TimeRangeOptions {
  /** Default 5. */
  limit?: number;
}

export async function getApiRequestStats(ctx: OrmContext, options: TimeRangeOptions = {}): Promise<ApiRequestStats> {
  const {
    client,
    ops,
    tables: { apiRequests: r },
  } = ctx;
  // Byte-exact: MySQL's collation would count `Success` and `success ` as successes too.
  const status = ops.exactGroupKey(r.status);
  const [row] = await client
    .select({
      total: count(),
      successful: sql`SUM(CASE WHEN ${status} = 'success' THEN 1 ELSE 0 END)`,
      failed: sql`SUM(CASE WHEN ${status} = 'error' THEN 1 ELSE 0 END)`,
      totalTokens: uncachedSum(r, r.total_tokens),
      promptTokens: uncachedSum(r, r.prompt_tokens),
      completionTokens: uncachedSum(r, r.completion_tokens),
      avgResponseTime: sql`AVG(${r.response_time})`,
      cacheHits: sql`SUM(CASE WHEN ${r.cache_hit} = 1 THEN 1 ELSE 0 END)`,
      cacheSavedTokens: sql`SUM(CASE WHEN ${r.cache_hit} = 1 THEN ${r.total_tokens} ELSE 0 END)`,
    })
    .from(r)
    .where(loggedRequestsIn(ctx, resolveTimeRange(options)));
  return {
    totalRequests: toNumber(row?.total),
    successfulRequests: toNumber(row?.successful),
    failedRequests: toNumber(row?.failed),
    totalTokens: toNumber(row?.totalTokens),
    promptTokens: toNumber(row?.promptTokens),
    completionTokens: toNumber(row?.completionTokens),
    avgResponseTime: toNumber(row?.avgResponseTime),
    cacheHits: toNumber(row?.cacheHits),
    cacheSavedTokens: toNumber(row?.cacheSavedTokens),
  };
}

/** The most used models, one entry per model and provider. */
export async function getModelStats(ctx: OrmContext, options: ModelStatsOptions = {}): Promise<ModelStats[]> {
  const {
    client,
    ops,
    tables: { apiRequests: r, providers: p },
  } = ctx;
  const model = ops.exactGroupKey(r.model);
  const rows = await client
    .select({
      model,
      providerName: sql`MAX(${p.name})`,
      requestCount: count(),
      totalTokens: uncachedSum(r, r.total_tokens),
      avgResponseTime: sql`AVG(${r.response_time})`,
    })
    .from(r)
    .leftJoin(p, eq(p.id, r.provider_id))
    .where(loggedRequestsIn(ctx, resolveTimeRange(options)))
    .groupBy(model, r.provider_id);
  const stats = rows.map((row) => ({
    model: toText(row.model),
    providerName: toText(row.providerName),
    requestCount: toNumber(row.requestCount),
    totalTokens: toNumber(row.totalTokens),
    avgResponseTime: toNumber(row.avgResponseTime),
  }));
  // Ranked here rather than in SQL: ties are then broken in the same order on both dialects.
  stats.sort(
    (a, b) => b.requestCount - a.requestCount || b.totalTokens - a.totalTokens || compareText(a.model, b.model),
  );
  return stats.slice(0, Math.max(0, options.limit ?? 5));
}
