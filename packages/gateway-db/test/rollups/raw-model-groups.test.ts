/**
 * Raw rows at a range's edges are grouped by their model with a cheaper key than its sha256 (modelGroup: the bytes
 * of a model up to 200 bytes on MySQL, the model itself on SQLite), hashed once per group. The grouping must stay
 * exactly as fine as the model's bytes: models that differ only in case, a trailing space, one byte after 200 or
 * deep inside 4,000 bytes each keep their own count, read raw and read as the hour's rollup minus the rows outside.
 */
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmContext } from '../../src/orm/orm-context.js';
import { backfillStep } from '../../src/rollups/rollup-backfill-batch.js';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** A past hour: every row of the test is inside it. */
const H = Date.UTC(2026, 2, 1, 10);

/** Each model with its own count, so a merged pair shows as a wrong count. */
const MODELS: [string | null, number][] = [
  ['gpt-4o', 1],
  ['GPT-4o', 2],
  ['gpt-4o ', 3],
  ['模型', 4],
  ['x'.repeat(4000), 5],
  [`${'x'.repeat(3999)}y`, 6],
  ['m'.repeat(200), 7],
  [`${'m'.repeat(200)}n`, 8],
  [null, 9],
];

describe.each(testDialects())('raw edge rows grouped by model on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await store.reset();
    for (const [model, count] of MODELS) {
      for (let i = 0; i < count; i++) {
        store.repos.apiRequests.create({ created_at: H + 15 * MIN + i, model, status: 'success' });
      }
      // One row of each before both ranges: outside them, it is what a subtraction takes away.
      store.repos.apiRequests.create({ created_at: H + 2 * MIN, model, status: 'success' });
    }
    await store.repos.apiRequests.flush();
    // Complete, so an edge may be read as its hour's rollup minus the rows outside it.
    const ctx = createOrmContext(store.executor);
    while (!(await backfillStep(ctx, 100)).complete) {
      // Nothing to wait for: each step commits a batch.
    }
  });
  afterAll(async () => store?.close());

  const counts = async (startTime: number, endTime: number) => {
    const stats = await store.repos.apiRequests.getModelStats({ startTime, endTime, limit: 100 });
    return new Map(stats.map((entry) => [entry.model, entry.requestCount]));
  };

  it('counts each model apart when the edge is read raw', async () => {
    // Ten minutes of a past hour: fewer rows to scan than the fifty outside it.
    expect(await counts(H + 10 * MIN, H + 20 * MIN)).toEqual(new Map(MODELS));
  });

  it('counts each model apart when the edge is its hour minus the rows outside', async () => {
    // Fifty-five minutes of a past hour: the five outside it are scanned and taken from the hour's rollup.
    expect(await counts(H + 5 * MIN, H + HOUR - 1)).toEqual(new Map(MODELS));
  });
});
