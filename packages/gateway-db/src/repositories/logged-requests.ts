/**
 * The requests that statistics count: those in a time range, minus the requests of keys whose owner asked for
 * no logging (`virtual_keys.disable_logging`). Requests without a key, or whose key is gone, still count.
 */
import type { SqlValue } from '../dialect/sql-executor.js';

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

/** A WHERE condition over `api_requests` aliased `r`, with its parameters. */
export function loggedRequestsIn(range: TimeRange): { where: string; params: SqlValue[] } {
  return {
    where:
      '`r`.`created_at` >= ? AND `r`.`created_at` <= ? AND NOT EXISTS (SELECT 1 FROM `virtual_keys` `vk` ' +
      'WHERE `vk`.`id` = `r`.`virtual_key_id` AND `vk`.`disable_logging` = 1)',
    params: [range.start, range.end],
  };
}
