/**
 * Totals and the top models over the logged requests of a time range (dashboard queries), read from the rollups
 * for whole hours and from raw rows only at the range's edges (rollup-parts.ts).
 */
import { toNumber, toText } from '@gateway-db/core/dialect/row-codec.js';
import { and, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { fixedChunks } from '../orm/statement-chunks.js';
import { dashboardParts } from '../rollups/rollup-parts.js';
import { compareText } from './compare-text.js';
import { type LogReads, providerNames } from './log-reads.js';
import { resolveTimeRange, type TimeRange, type TimeRangeOptions } from './logged-requests.js';

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

export async function getApiRequestStats(reads: LogReads, options: TimeRangeOptions = {}): Promise<ApiRequestStats> {
  const parts = await dashboardParts(reads, resolveTimeRange(options));
  const total = (column: SQL.Aliased<number>) => sql<unknown>`SUM(${column})`;
  const [row] = await reads.logs.client
    .select({
      total: total(parts.requests),
      successful: total(parts.successes),
      failed: total(parts.errors),
      totalTokens: total(parts.total_tokens),
      promptTokens: total(parts.prompt_tokens),
      completionTokens: total(parts.completion_tokens),
      responseTimeSum: total(parts.response_time_sum),
      responseTimeCount: total(parts.response_time_count),
      cacheHits: total(parts.cache_hits),
      cacheSavedTokens: total(parts.cache_saved_tokens),
    })
    .from(parts);
  return {
    totalRequests: toNumber(row?.total),
    successfulRequests: toNumber(row?.successful),
    failedRequests: toNumber(row?.failed),
    totalTokens: toNumber(row?.totalTokens),
    promptTokens: toNumber(row?.promptTokens),
    completionTokens: toNumber(row?.completionTokens),
    avgResponseTime: mean(row?.responseTimeSum, row?.responseTimeCount),
    cacheHits: toNumber(row?.cacheHits),
    cacheSavedTokens: toNumber(row?.cacheSavedTokens),
  };
}

/** AVG of the known response times, from their sum and count (0 when there are none, as before). */
function mean(sum: unknown, count: unknown): number {
  const known = toNumber(count);
  return known > 0 ? toNumber(sum) / known : 0;
}

/** The most used models, one entry per model and provider. */
export async function getModelStats(reads: LogReads, options: ModelStatsOptions = {}): Promise<ModelStats[]> {
  const ctx = reads.logs;
  const range = resolveTimeRange(options);
  const parts = await dashboardParts(reads, range, {
    groupBy: { model: true },
    measures: ['requests', 'total_tokens', 'response_time_sum', 'response_time_count'],
  });
  // Grouped by the model's sha256 key, never by the LONGTEXT itself (no on-disk temporary table on MariaDB).
  const modelKey = sql<unknown>`${parts.model_key}`;
  const rows = await ctx.client
    .select({
      modelKey,
      // One id per group: grouped by its short keys (MySQL: never by the 3,072-byte column).
      providerId: sql<unknown>`MIN(${parts.provider_id})`,
      requestCount: sql<unknown>`SUM(${parts.requests})`,
      totalTokens: sql<unknown>`SUM(${parts.total_tokens})`,
      responseTimeSum: sql<unknown>`SUM(${parts.response_time_sum})`,
      responseTimeCount: sql<unknown>`SUM(${parts.response_time_count})`,
    })
    .from(parts)
    .groupBy(modelKey, ...ctx.ops.shortGroupKeys(sql`${parts.provider_id}`));
  const modelKeys = rows.map((row) => toText(row.modelKey)).filter((key): key is string => key !== null);
  const providerIds = rows.map((row) => toText(row.providerId)).filter((id): id is string => id !== null);
  const [models, names] = await Promise.all([
    modelTexts(ctx, modelKeys, range),
    providerNames(reads.config, providerIds),
  ]);
  // A provider that no longer exists counts as none (no name to show): its rows and rollups keep its id, and rows
  // deleted before log references became plain columns (migration 0002) were re-pointed to NULL; all land in one
  // entry, as they did when every read scanned the rows.
  const merged = new Map<string, { modelKey: string | null; providerId: string | null; totals: number[] }>();
  for (const row of rows) {
    const modelKey = toText(row.modelKey);
    const givenProvider = toText(row.providerId);
    const providerId = givenProvider !== null && names.has(givenProvider) ? givenProvider : null;
    const key = JSON.stringify([modelKey, providerId]);
    const entry = merged.get(key) ?? { modelKey, providerId, totals: [0, 0, 0, 0] };
    const add = [row.requestCount, row.totalTokens, row.responseTimeSum, row.responseTimeCount].map((value) =>
      toNumber(value),
    );
    entry.totals = entry.totals.map((total, i) => total + (add[i] ?? 0));
    merged.set(key, entry);
  }
  // A group can add up to no request at all (an edge read as its hour minus the rows outside the range).
  const stats = [...merged.values()]
    .filter(({ totals: [requests] }) => requests !== 0)
    .map(({ modelKey, providerId, totals: [requests, tokens, timeSum, timeCount] }) => ({
      model: modelKey === null ? null : (models.get(modelKey) ?? null),
      providerName: providerId === null ? null : (names.get(providerId) ?? null),
      requestCount: requests ?? 0,
      totalTokens: tokens ?? 0,
      avgResponseTime: mean(timeSum, timeCount),
    }));
  // Ranked here rather than in SQL: ties are then broken in the same order on both dialects.
  stats.sort(
    (a, b) => b.requestCount - a.requestCount || b.totalTokens - a.totalTokens || compareText(a.model, b.model),
  );
  return stats.slice(0, Math.max(0, options.limit ?? 5));
}

/** Ids per `IN (...)` list. */
const IDS_PER_LOOKUP = 500;

/**
 * The model strings of `keys`: from api_request_models, where the writer and the backfill record them; a model
 * only seen in raw rows the backfill has not reached yet is looked up among the range's rows (first match).
 */
async function modelTexts(ctx: OrmContext, keys: string[], range: TimeRange): Promise<Map<string, string>> {
  const { client, ops, tables } = ctx;
  const { apiRequestModels: m, apiRequests: r } = tables;
  const texts = new Map<string, string>();
  for (const chunk of fixedChunks([...new Set(keys)], IDS_PER_LOOKUP)) {
    for (const row of await client.select({ id: m.id, model: m.model }).from(m).where(inArray(m.id, chunk))) {
      texts.set(row.id, row.model);
    }
  }
  for (const key of keys) {
    if (texts.has(key)) continue;
    const [row] = await client
      .select({ model: r.model })
      .from(r)
      .where(and(gte(r.created_at, range.start), lte(r.created_at, range.end), eq(ops.modelKeyOf(r.model), key)))
      .limit(1);
    if (row?.model != null) texts.set(key, row.model);
  }
  return texts;
}
