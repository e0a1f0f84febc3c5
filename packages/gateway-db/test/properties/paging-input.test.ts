/**
 * Page numbers, page sizes and limits come straight from query strings (`?page=...&pageSize=...`): any number
 * (negative, fractional, NaN, Infinity, 1e300) gives a well-formed page on both dialects, never a SQL error; time
 * bounds of any size (±Infinity, ±1e300) act as bounds.
 */
import { testDialects } from '@gateway-db/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';

const anyNumber = fc.oneof(
  fc.integer({ min: -5, max: 50 }),
  fc.double(),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    1e21,
    1e300,
    2 ** 53,
    2 ** 64,
    -0,
    0.5,
  ),
);

const ROWS = 7;

describe.each(testDialects())('paging input on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    await store.repos.expertRoutingConfigs.create({ id: 'config', name: 'c', config: '{}' });
    await store.repos.virtualKeys.create({ id: 'key', key_value: 'vk_paging', key_hash: 'h', name: 'k' });
    for (let i = 0; i < ROWS; i++) {
      store.repos.apiRequests.create({
        id: `r${i}`,
        virtual_key_id: 'key',
        model: 'm',
        status: 'success',
        created_at: 1_700_000_000_000 + i,
      });
      await store.repos.expertRoutingLogs.create({
        expert_routing_id: 'config',
        request_hash: 'h',
        classifier_model: 'c',
        classification_result: 'code',
        selected_expert_id: 'e',
        selected_expert_type: 't',
        selected_expert_name: 'n',
      });
    }
    await store.repos.apiRequests.flush();
  });
  afterAll(async () => store?.close());

  it('returns a well-formed page for any page and pageSize', async () => {
    await fc.assert(
      fc.asyncProperty(anyNumber, anyNumber, async (page, pageSize) => {
        const result = await store.repos.apiRequests.getAll({ page, pageSize, startTime: 0 });
        expect(result.total).toBe(ROWS);
        expect(Number.isInteger(result.page) && result.page >= 1).toBe(true);
        expect(Number.isInteger(result.pageSize) && result.pageSize >= 1).toBe(true);
        expect(result.data.length).toBe(
          Math.max(0, Math.min(result.pageSize, ROWS - (result.page - 1) * result.pageSize)),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('returns at most `limit` rows for any limit', async () => {
    await fc.assert(
      fc.asyncProperty(anyNumber, async (limit) => {
        // A finite limit is rounded down; NaN and the infinities give no SQL error (how many rows is not specified).
        const expected = Number.isFinite(limit) ? Math.min(ROWS, Math.max(0, Math.floor(limit))) : undefined;
        const requests = await store.repos.apiRequests.getByVirtualKey('key', limit);
        const logs = await store.repos.expertRoutingLogs.getByConfigId('config', limit);
        const models = await store.repos.apiRequests.getModelStats({ startTime: 0, limit });
        if (expected !== undefined) {
          expect(requests.length).toBe(expected);
          expect(logs.length).toBe(expected);
        }
        expect(requests.length).toBeLessThanOrEqual(ROWS);
        expect(models.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 100 },
    );
  });

  it('treats huge and infinite time bounds as bounds, for the list and the statistics', async () => {
    const bound = fc.oneof(
      fc.constantFrom(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, -1e300, 1e300, 0, 1_700_000_000_003),
      fc.integer({ min: 1_700_000_000_000 - 2, max: 1_700_000_000_000 + ROWS + 2 }),
    );
    await fc.assert(
      fc.asyncProperty(bound, bound, async (startTime, endTime) => {
        let inRange = 0;
        for (let i = 0; i < ROWS; i++)
          if (1_700_000_000_000 + i >= startTime && 1_700_000_000_000 + i <= endTime) inRange++;
        expect((await store.repos.apiRequests.getAll({ startTime, endTime, pageSize: 100 })).total).toBe(inRange);
        expect((await store.repos.apiRequests.getStats({ startTime, endTime })).totalRequests).toBe(inRange);
      }),
      { numRuns: 60 },
    );
  });
});
