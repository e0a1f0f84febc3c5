/**
 * The dashboards' numbers computed from the rows themselves, in plain TypeScript, independently of the data
 * layer: what a raw scan of api_requests gives (legacy meaning: token totals leave cache hits out; values beyond
 * 1e12 count as 0 tokens / an unknown time).
 */
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MAX = 1e12;

export interface ScannedRow {
  id: string;
  created_at: number;
  virtual_key_id: string | null;
  provider_id: string | null;
  model: string | null;
  status: string | null;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  total_tokens: number | null;
  cache_hit: boolean;
  response_time: number | null;
}

export interface Range {
  startTime: number;
  endTime: number;
}

const tokens = (value: number | null) => (value === null || Math.abs(value) > MAX ? 0 : value);
const knownTime = (value: number | null): value is number => value !== null && Math.abs(value) <= MAX;

function counted(rows: readonly ScannedRow[], range: Range, silenced: ReadonlySet<string>): ScannedRow[] {
  return rows.filter(
    (row) =>
      row.created_at >= range.startTime &&
      row.created_at <= range.endTime &&
      !(row.virtual_key_id !== null && silenced.has(row.virtual_key_id)),
  );
}

export function scanStats(rows: readonly ScannedRow[], range: Range, silenced: ReadonlySet<string>) {
  const mine = counted(rows, range, silenced);
  const uncached = mine.filter((row) => !row.cache_hit);
  const times = mine.map((row) => row.response_time).filter(knownTime);
  const sum = (list: ScannedRow[], pick: (row: ScannedRow) => number) => list.reduce((s, row) => s + pick(row), 0);
  return {
    totalRequests: mine.length,
    successfulRequests: mine.filter((row) => row.status === 'success').length,
    failedRequests: mine.filter((row) => row.status === 'error').length,
    totalTokens: sum(uncached, (row) => tokens(row.total_tokens)),
    promptTokens: sum(uncached, (row) => tokens(row.prompt_tokens)),
    completionTokens: sum(uncached, (row) => tokens(row.completion_tokens)),
    avgResponseTime: times.length > 0 ? times.reduce((s, t) => s + t, 0) / times.length : 0,
    cacheHits: mine.filter((row) => row.cache_hit).length,
    cacheSavedTokens: sum(
      mine.filter((row) => row.cache_hit),
      (row) => tokens(row.total_tokens),
    ),
  };
}

export function scanTrend(
  rows: readonly ScannedRow[],
  range: Range,
  interval: 'hour' | 'day',
  silenced: ReadonlySet<string>,
) {
  const size = interval === 'hour' ? HOUR : DAY;
  const first = Math.floor(range.startTime / size) * size;
  const last = Math.floor(range.endTime / size) * size;
  const mine = counted(rows, range, silenced);
  const buckets = [];
  for (let timestamp = first; timestamp <= last; timestamp += size) {
    const inBucket = mine.filter((row) => Math.floor(row.created_at / size) * size === timestamp);
    buckets.push({
      timestamp,
      requestCount: inBucket.length,
      successCount: inBucket.filter((row) => row.status === 'success').length,
      errorCount: inBucket.filter((row) => row.status === 'error').length,
      tokenCount: inBucket.filter((row) => !row.cache_hit).reduce((s, row) => s + tokens(row.total_tokens), 0),
    });
  }
  return buckets;
}

export function scanModels(
  rows: readonly ScannedRow[],
  range: Range,
  silenced: ReadonlySet<string>,
  providerNames: ReadonlyMap<string, string>,
) {
  const groups = new Map<string, ScannedRow[]>();
  for (const row of counted(rows, range, silenced)) {
    const key = JSON.stringify([row.model, row.provider_id]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((group) => {
    const [first] = group as [ScannedRow];
    const times = group.map((row) => row.response_time).filter(knownTime);
    return {
      model: first.model,
      providerName: first.provider_id === null ? null : (providerNames.get(first.provider_id) ?? null),
      requestCount: group.length,
      totalTokens: group.filter((row) => !row.cache_hit).reduce((s, row) => s + tokens(row.total_tokens), 0),
      avgResponseTime: times.length > 0 ? times.reduce((s, t) => s + t, 0) / times.length : 0,
    };
  });
}
