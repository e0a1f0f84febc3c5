/**
 * A row count (LIMIT, OFFSET, batch size) made safe from any caller's number: a non-negative integer, capped where
 * a JS number still prints as digits and stays exact (2^53 - 1); NaN and negative numbers become 0.
 */
export function rowCount(value: number): number {
  return Number.isFinite(value) ? Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.floor(value))) : 0;
}
