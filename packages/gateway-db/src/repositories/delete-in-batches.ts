/**
 * Retention deletes in bounded batches, yielding between them. On SQLite the driver is synchronous: each batch
 * holds the event loop (every proxied request waits) for as long as it runs, and that time per row varies with
 * the row size, the indexes and the disk. So there the batch size follows a time budget: after each batch the next
 * one is scaled to take about `budgetMs` (at most doubling or halving at once, never above `maxRows`). On MySQL a
 * batch only holds its row locks, and fewer round trips finish sooner: a fixed size.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';

export interface BatchedDeleteOptions {
  /** The most rows one statement deletes. */
  readonly maxRows: number;
  /** Target duration of one batch in ms; absent: every batch is `maxRows`. */
  readonly budgetMs?: number;
}

/** SQLite's first batch: small enough for any row size, grown from there. */
const FIRST_TIMED_BATCH = 100;
const MIN_TIMED_BATCH = 10;

/** Calls `deleteBatch(limit)` until it deletes fewer than `limit` rows; returns the rows deleted in all. */
export async function deleteInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  { maxRows, budgetMs }: BatchedDeleteOptions,
): Promise<number> {
  let limit = budgetMs === undefined ? maxRows : Math.min(maxRows, FIRST_TIMED_BATCH);
  let total = 0;
  for (;;) {
    const started = performance.now();
    const deleted = await deleteBatch(limit);
    const elapsedMs = performance.now() - started;
    total += deleted;
    if (deleted < limit) return total;
    if (budgetMs !== undefined) limit = nextLimit(limit, elapsedMs, budgetMs, maxRows);
    // Let queued queries (and, on SQLite, the event loop) run between batches.
    await yieldToLoop();
  }
}

function nextLimit(limit: number, elapsedMs: number, budgetMs: number, maxRows: number): number {
  const scaled = limit * (budgetMs / Math.max(elapsedMs, 0.1));
  const damped = Math.min(limit * 2, Math.max(limit / 2, scaled));
  return Math.min(maxRows, Math.max(MIN_TIMED_BATCH, Math.round(damped)));
}
