/**
 * Request counts per UTC epoch hour or day, overall and per virtual key, read from the rollups for whole hours and
 * from raw rows at the range's edges (rollup-parts.ts). Buckets are computed in SQL with integer division; buckets without requests are filled in here so charts get a full series.
 */
import { toNumber, toText } from '@gateway-db/core/dialect/row-codec.js';
import { isNotNull, sql } from 'drizzle-orm';
import { dashboardParts } from '../rollups/rollup-parts.js';
import { compareText } from './compare-text.js';
import { keyNames, type LogReads } from './log-reads.js';
import { DAY_MS, HOUR_MS, resolveTimeRange, type TimeRange, type TimeRangeOptions } from './logged-requests.js';

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

interface BucketRow {
  virtualKeyId?: unknown;
  bucket: unknown;
  requests: unknown;
  successes: unknown;
  errors: unknown;
  tokens: unknown;
}

async function bucketQuery(reads: LogReads, range: TimeRange, bucketMs: number, byKey: boolean): Promise<BucketRow[]> {
  const { client } = reads.logs;
  // Hour buckets cannot come from daily rollups.
  // Each part comes grouped by bucket number (`at DIV bucketMs`). The bucket size is one of two constants,
  // written into the SQL so the GROUP BY expression has no parameter (ONLY_FULL_GROUP_BY). Rollup rows carry
  // their hour or day, a multiple of the bucket size, so they fall in the same bucket as their rows.
  const parts = await dashboardParts(reads, range, {
    coarsest: bucketMs === HOUR_MS ? 'hour' : 'day',
    groupBy: { bucketMs, key: byKey },
    measures: ['requests', 'successes', 'errors', 'total_tokens'],
  });
  const bucket = sql<unknown>`${parts.at}`;
  const totals = {
    bucket,
    requests: sql<unknown>`SUM(${parts.requests})`,
    successes: sql<unknown>`SUM(${parts.successes})`,
    errors: sql<unknown>`SUM(${parts.errors})`,
    tokens: sql<unknown>`SUM(${parts.total_tokens})`,
  };
  // A bucket (or a key) can add up to no request at all when an edge is read as its hour's rollup minus the rows
  // outside the range: such groups are left out, as a scan of the rows would not find them.
  const found = (rows: BucketRow[]) => rows.filter((row) => toNumber(row.requests) !== 0);
  if (!byKey) return found(await client.select(totals).from(parts).groupBy(bucket));
  const virtualKeyId = sql<unknown>`${parts.virtual_key_id}`;
  return found(
    await client
      .select({ virtualKeyId, ...totals })
      .from(parts)
      .where(isNotNull(virtualKeyId))
      .groupBy(virtualKeyId, bucket),
  );
}

function toBucket(row: BucketRow, bucketMs: number): TrendBucket {
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

export async function getTrend(reads: LogReads, options: TrendOptions): Promise<TrendBucket[]> {
  const range = resolveTimeRange(options);
  const bucketMs = BUCKET_MS[options.interval];
  const rows = await bucketQuery(reads, range, bucketMs, false);
  return fillBuckets(
    rows.map((row) => toBucket(row, bucketMs)),
    range,
    bucketMs,
  );
}

/** One series per key that has requests in the range, the busiest key first. */
export async function getTrendByKey(reads: LogReads, options: TrendOptions): Promise<KeyTrend[]> {
  const range = resolveTimeRange(options);
  const bucketMs = BUCKET_MS[options.interval];
  const bucketsByKey = new Map<string, TrendBucket[]>();
  for (const row of await bucketQuery(reads, range, bucketMs, true)) {
    const keyId = toText(row.virtualKeyId) ?? '';
    bucketsByKey.set(keyId, [...(bucketsByKey.get(keyId) ?? []), toBucket(row, bucketMs)]);
  }
  // From the main store: the logs may be in a store of their own (log-reads.ts).
  const names = await keyNames(reads.config, [...bucketsByKey.keys()]);
  const total = (buckets: TrendBucket[]) => buckets.reduce((sum, bucket) => sum + bucket.requestCount, 0);
  return [...bucketsByKey.entries()]
    .sort(([idA, a], [idB, b]) => total(b) - total(a) || compareText(idA, idB))
    .map(([virtualKeyId, buckets]) => ({
      virtualKeyId,
      virtualKeyName: names.get(virtualKeyId) ?? virtualKeyId,
      data: fillBuckets(buckets, range, bucketMs),
    }));
}
