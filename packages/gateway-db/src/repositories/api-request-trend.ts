/**
 * Request counts per UTC epoch hour or day, overall and per virtual key. Buckets are computed in SQL with integer
 * division (the same on both dialects); buckets without requests are filled in here so charts get a full series.
 */
import { toNumber, toText } from '../dialect/row-codec.js';
import type { RawRow, SqlExecutor } from '../dialect/sql-executor.js';
import { compareText } from './compare-text.js';
import {
  DAY_MS, HOUR_MS, type TimeRange, type TimeRangeOptions, loggedRequestsIn, resolveTimeRange,
} from './logged-requests.js';
import { placeholders } from './table-access.js';

export type TrendInterval = 'hour' | 'day';

export interface TrendOptions extends TimeRangeOptions {
  interval: TrendInterval;
}

export interface TrendBucket {
  /** Start of the bucket, ms since the epoch, a multiple of one hour or one day (UTC). */
  timestamp: number;
  requestCount: number;
  successCount: number;
  errorCount: number;
  tokenCount: number;
}

export interface KeyTrend {
  virtualKeyId: string;
  /** The key's name, or its id when the key no longer exists. */
  virtualKeyName: string;
  data: TrendBucket[];
}

const BUCKET_MS: Record<TrendInterval, number> = { hour: HOUR_MS, day: DAY_MS };
/** Above this many buckets (a year of hours is 8,760) only the buckets with requests are returned. */
const MAX_FILLED_BUCKETS = 20_000;

function bucketQuery(executor: SqlExecutor, range: TimeRange, bucketMs: number, byKey: boolean): Promise<RawRow[]> {
  const { where, params } = loggedRequestsIn(range);
  const key = byKey ? '`r`.`virtual_key_id` AS `virtual_key_id`, ' : '';
  // Byte-exact: MySQL's collation would count `Success` and `success ` as successes too.
  const status = executor.sql.exactGroupKey('`r`.`status`');
  // The bucket size is one of two constants, written inline so the GROUP BY expression has no parameter.
  return executor.all(
    `SELECT ${key}${executor.sql.intDiv('`r`.`created_at`', String(bucketMs))} AS \`bucket\`, ` +
      'COUNT(*) AS `requests`, ' +
      `SUM(CASE WHEN ${status} = 'success' THEN 1 ELSE 0 END) AS \`successes\`, ` +
      `SUM(CASE WHEN ${status} = 'error' THEN 1 ELSE 0 END) AS \`errors\`, SUM(\`r\`.\`total_tokens\`) AS \`tokens\` ` +
      `FROM \`api_requests\` \`r\` WHERE ${where}${byKey ? ' AND `r`.`virtual_key_id` IS NOT NULL' : ''} ` +
      `GROUP BY ${byKey ? '`r`.`virtual_key_id`, ' : ''}\`bucket\``,
    params,
  );
}

function toBucket(row: RawRow, bucketMs: number): TrendBucket {
  return {
    timestamp: toNumber(row.bucket) * bucketMs,
    requestCount: toNumber(row.requests),
    successCount: toNumber(row.successes),
    errorCount: toNumber(row.errors),
    tokenCount: toNumber(row.tokens),
  };
}

/** Every bucket of the range in time order, empty ones included (unless the range is huge). */
function fillBuckets(found: TrendBucket[], range: TimeRange, bucketMs: number): TrendBucket[] {
  const first = Math.floor(range.start / bucketMs) * bucketMs;
  const last = Math.floor(range.end / bucketMs) * bucketMs;
  if ((last - first) / bucketMs >= MAX_FILLED_BUCKETS) return [...found].sort((a, b) => a.timestamp - b.timestamp);
  const byTime = new Map(found.map((bucket) => [bucket.timestamp, bucket]));
  const series: TrendBucket[] = [];
  for (let timestamp = first; timestamp <= last; timestamp += bucketMs) {
    series.push(byTime.get(timestamp) ?? { timestamp, requestCount: 0, successCount: 0, errorCount: 0, tokenCount: 0 });
  }
  return series;
}

export async function getTrend(executor: SqlExecutor, options: TrendOptions): Promise<TrendBucket[]> {
  const range = resolveTimeRange(options);
  const bucketMs = BUCKET_MS[options.interval];
  const rows = await bucketQuery(executor, range, bucketMs, false);
  return fillBuckets(
    rows.map((row) => toBucket(row, bucketMs)),
    range,
    bucketMs,
  );
}

/** One series per key that has requests in the range, the busiest key first. */
export async function getTrendByKey(executor: SqlExecutor, options: TrendOptions): Promise<KeyTrend[]> {
  const range = resolveTimeRange(options);
  const bucketMs = BUCKET_MS[options.interval];
  const bucketsByKey = new Map<string, TrendBucket[]>();
  for (const row of await bucketQuery(executor, range, bucketMs, true)) {
    const keyId = toText(row.virtual_key_id) ?? '';
    bucketsByKey.set(keyId, [...(bucketsByKey.get(keyId) ?? []), toBucket(row, bucketMs)]);
  }
  const keyIds = [...bucketsByKey.keys()];
  const names = new Map<string, string>();
  if (keyIds.length > 0) {
    const rows = await executor.all(
      `SELECT \`id\`, \`name\` FROM \`virtual_keys\` WHERE \`id\` IN (${placeholders(keyIds.length)})`,
      keyIds,
    );
    for (const row of rows) names.set(toText(row.id) ?? '', toText(row.name) ?? '');
  }
  const total = (buckets: TrendBucket[]) => buckets.reduce((sum, bucket) => sum + bucket.requestCount, 0);
  return [...bucketsByKey.entries()]
    .sort(([idA, a], [idB, b]) => total(b) - total(a) || compareText(idA, idB))
    .map(([virtualKeyId, buckets]) => ({
      virtualKeyId,
      virtualKeyName: names.get(virtualKeyId) ?? virtualKeyId,
      data: fillBuckets(buckets, range, bucketMs),
    }));
}
