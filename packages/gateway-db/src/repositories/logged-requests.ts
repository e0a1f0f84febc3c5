/**
 * The requests that statistics count: those in a time range, minus the requests of keys whose owner asked for
 * no logging (`virtual_keys.disable_logging`). Requests without a key, or whose key is gone, still count.
 */
import { and, type Column, eq, gte, lte, notExists, type SQL, sql } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';

export interface TimeRangeOptions {
  /** ms since the epoch, inclusive; default: 24 hours before `endTime`. */
  startTime?: number;
  /** ms since the epoch, inclusive; default: now. */
  endTime?: number;
}

export interface TimeRange {
  start: number;
  end: number;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export function resolveTimeRange(options: TimeRangeOptions = {}): TimeRange {
  const end = options.endTime ?? Date.now();
  return { start: options.startTime ?? end - DAY_MS, end };
}

/** The WHERE condition over `api_requests` for a range. */
export function loggedRequestsIn({ client, tables }: OrmContext, range: TimeRange): SQL | undefined {
  const { apiRequests: requests, virtualKeys: keys } = tables;
  const silencedKey = client
    .select({ one: sql`1` })
    .from(keys)
    .where(and(eq(keys.id, requests.virtual_key_id), eq(keys.disable_logging, true)));
  return and(gte(requests.created_at, range.start), lte(requests.created_at, range.end), notExists(silencedKey));
}

/**
 * The sum of a token column over the requests NOT answered from the response cache (the legacy meaning of every
 * token total; cache hits are counted apart as saved tokens). A NULL `cache_hit` is not a cache hit.
 */
export function uncachedSum(requests: OrmContext['tables']['apiRequests'], column: Column): SQL<unknown> {
  return sql`SUM(CASE WHEN ${requests.cache_hit} = 1 THEN 0 ELSE ${column} END)`;
}
