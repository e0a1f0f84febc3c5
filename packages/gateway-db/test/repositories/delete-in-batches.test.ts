/**
 * Retention batches on SQLite follow a time budget: whatever a row costs to delete, after a few batches each one
 * holds the event loop for about the budget, not `maxRows` times the row cost; on MySQL every batch is `maxRows`.
 */
import { describe, expect, it } from 'vitest';
import { deleteInBatches } from '../../src/repositories/delete-in-batches.js';

/** A table of `rows` rows whose deletion costs `msPerRow` of synchronous work each, as better-sqlite3's does. */
function slowTable(rows: number, msPerRow: number) {
  let left = rows;
  const limits: number[] = [];
  const deleteBatch = async (limit: number) => {
    limits.push(limit);
    const deleted = Math.min(limit, left);
    const until = performance.now() + deleted * msPerRow;
    while (performance.now() < until) {
      // busy: the event loop is held, as by a synchronous DELETE
    }
    left -= deleted;
    return deleted;
  };
  return { deleteBatch, limits, left: () => left };
}

describe('deleteInBatches', () => {
  it.each([
    { msPerRow: 0.5, budgetMs: 10 },
    { msPerRow: 0.02, budgetMs: 10 },
  ])('sizes the batches to about $budgetMs ms when a row costs $msPerRow ms', async ({ msPerRow, budgetMs }) => {
    const table = slowTable(4_000, msPerRow);
    const deleted = await deleteInBatches(table.deleteBatch, { maxRows: 1_000, budgetMs });
    expect(deleted).toBe(4_000);
    expect(table.left()).toBe(0);
    // From the fifth batch on, none may hold the loop for much more than the budget (a batch can only be shorter
    // than planned: a busy machine makes rows look slower, never faster).
    const held = table.limits.slice(4).map((limit) => limit * msPerRow);
    expect(Math.max(...held)).toBeLessThanOrEqual(budgetMs * 1.05);
    // And they grow to use it when rows are cheap (up to maxRows), instead of staying at the first small batch.
    if (msPerRow * 1_000 < budgetMs) expect(table.limits).toContain(1_000);
  });

  it('deletes maxRows per statement when there is no budget (MySQL)', async () => {
    const table = slowTable(2_500, 0);
    expect(await deleteInBatches(table.deleteBatch, { maxRows: 1_000 })).toBe(2_500);
    expect(table.limits).toEqual([1_000, 1_000, 1_000]);
  });
});
