/**
 * The time ranges dashboards read. Which requests count (all but those of keys whose owner asked for no logging,
 * `virtual_keys.disable_logging`; requests without a key, or whose key is gone, still count) is decided in
 * rollups/rollup-parts.ts.
 */

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
