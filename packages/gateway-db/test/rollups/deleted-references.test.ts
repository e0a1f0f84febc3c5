/**
 * Deleting a provider or a key leaves its log rows and rollups naming it (the log tables' references are plain
 * columns, issue 11.6): dashboards give the same totals as before the delete, the key by its id.
 */
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aKey, aProvider } from '../repositories/support/fixtures.js';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';

const HOUR = 3_600_000;

describe.each(testDialects())('dashboards after a key or provider is deleted on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());

  it('keeps one entry per model and the same totals', async () => {
    const key = (await aKey(store.repos, 'vk_gone', { id: 'key-gone' })).id;
    const provider = (await aProvider(store.repos, { id: 'prov-gone', name: 'Gone' })).id;
    const start = Date.UTC(2026, 3, 1, 10);
    // Four hours of rows; the range below cuts the first and last hour, so both rollups and raw rows are read.
    for (let i = 0; i < 40; i++) {
      store.repos.apiRequests.create({
        created_at: start + i * (HOUR / 10),
        virtual_key_id: key,
        provider_id: provider,
        model: 'gpt-4o',
        status: 'success',
        total_tokens: 10,
      });
    }
    await store.repos.apiRequests.flush();
    const range = { startTime: start + HOUR / 2, endTime: start + 3 * HOUR + HOUR / 2 };
    const before = await store.repos.apiRequests.getStats(range);
    expect(before.totalRequests).toBe(31);
    await store.repos.providers.delete(provider);
    await store.repos.virtualKeys.delete(key);
    expect(await store.repos.apiRequests.getStats(range)).toEqual(before);
    expect(await store.repos.apiRequests.getModelStats(range)).toEqual([
      { model: 'gpt-4o', providerName: null, requestCount: 31, totalTokens: 310, avgResponseTime: 0 },
    ]);
    // The rows still name the key: the edges (raw rows) and the whole hours (rollups) add up under its id.
    const byKey = await store.repos.apiRequests.getTrendByKey({ ...range, interval: 'hour' });
    expect(byKey.map((entry) => [entry.virtualKeyId, entry.virtualKeyName])).toEqual([[key, key]]);
    const perHour = byKey[0]?.data.map((bucket) => bucket.requestCount);
    expect(perHour?.reduce((sum, n) => sum + n, 0)).toBe(31);
    const page = await store.repos.apiRequests.getAll({ ...range, virtualKeyId: key, pageSize: 100 });
    expect([page.total, page.data.length]).toEqual([31, 31]);
  });
});
