/** Totals and the top models over the logged requests of a time range (dashboard queries). */
import { toNumber, toText } from '../dialect/row-codec.js';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { compareText } from './compare-text.js';
import { type TimeRangeOptions, loggedRequestsIn, resolveTimeRange } from './logged-requests.js';

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

export async function getApiRequestStats(executor: SqlExecutor, options: TimeRangeOptions = {}): Promise<ApiRequestStats> {
  const { where, params } = loggedRequestsIn(resolveTimeRange(options));
  // Byte-exact: MySQL's collation would count `Success` and `success ` as successes too.
  const status = executor.sql.exactGroupKey('`r`.`status`');
  const row = await executor.get(
    'SELECT COUNT(*) AS `total`, ' +
      `SUM(CASE WHEN ${status} = 'success' THEN 1 ELSE 0 END) AS \`successful\`, ` +
      `SUM(CASE WHEN ${status} = 'error' THEN 1 ELSE 0 END) AS \`failed\`, ` +
      'SUM(`r`.`total_tokens`) AS `total_tokens`, SUM(`r`.`prompt_tokens`) AS `prompt_tokens`, ' +
      'SUM(`r`.`completion_tokens`) AS `completion_tokens`, AVG(`r`.`response_time`) AS `avg_response_time`, ' +
      'SUM(CASE WHEN `r`.`cache_hit` = 1 THEN 1 ELSE 0 END) AS `cache_hits`, ' +
      'SUM(CASE WHEN `r`.`cache_hit` = 1 THEN `r`.`total_tokens` ELSE 0 END) AS `cache_saved_tokens` ' +
      `FROM \`api_requests\` \`r\` WHERE ${where}`,
    params,
  );
  return {
    totalRequests: toNumber(row?.total),
    successfulRequests: toNumber(row?.successful),
    failedRequests: toNumber(row?.failed),
    totalTokens: toNumber(row?.total_tokens),
    promptTokens: toNumber(row?.prompt_tokens),
    completionTokens: toNumber(row?.completion_tokens),
    avgResponseTime: toNumber(row?.avg_response_time),
    cacheHits: toNumber(row?.cache_hits),
    cacheSavedTokens: toNumber(row?.cache_saved_tokens),
  };
}

/** The most used models, one entry per model and provider. */
export async function getModelStats(executor: SqlExecutor, options: ModelStatsOptions = {}): Promise<ModelStats[]> {
  const { where, params } = loggedRequestsIn(resolveTimeRange(options));
  const model = executor.sql.exactGroupKey('`r`.`model`');
  const rows = await executor.all(
    `SELECT ${model} AS \`model\`, MAX(\`p\`.\`name\`) AS \`provider_name\`, COUNT(*) AS \`request_count\`, ` +
      'SUM(`r`.`total_tokens`) AS `total_tokens`, AVG(`r`.`response_time`) AS `avg_response_time` ' +
      'FROM `api_requests` `r` LEFT JOIN `providers` `p` ON `p`.`id` = `r`.`provider_id` ' +
      `WHERE ${where} GROUP BY ${model}, \`r\`.\`provider_id\``,
    params,
  );
  const stats = rows.map((row) => ({
    model: toText(row.model),
    providerName: toText(row.provider_name),
    requestCount: toNumber(row.request_count),
    totalTokens: toNumber(row.total_tokens),
    avgResponseTime: toNumber(row.avg_response_time),
  }));
  // Ranked here rather than in SQL: ties are then broken in the same order on both dialects.
  stats.sort((a, b) => b.requestCount - a.requestCount || b.totalTokens - a.totalTokens || compareText(a.model, b.model));
  return stats.slice(0, Math.max(0, options.limit ?? 5));
}
