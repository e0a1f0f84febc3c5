/**
 * Statistics count and group text byte for byte on both dialects: a status of `SUCCESS` or `success ` is not a
 * success, and `GPT-4o`, `gpt-4o` and `gpt-4o ` are three models (MySQL's default collation would fold them).
 */
import { testDialects } from '@gateway-db/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';
import { byteOrder } from './support/hostile-text.js';

const STATUSES = [
  'success',
  'error',
  'SUCCESS',
  'Success',
  'success ',
  ' success',
  'error ',
  'ERROR',
  'success\u0000',
  'succe\u0301ss',
  '%',
  "'success'",
];
const NAMES = [
  'gpt-4o',
  'GPT-4o',
  'gpt-4o ',
  'gpt-4o\t',
  'gpt\u20114o',
  'gpt-4o\u200b',
  '模型',
  "'; DROP TABLE api_requests; --",
  '%',
  '_',
];

const START = 1_700_000_000_000;

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

describe.each(testDialects())('exact statistics on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());

  it('counts only the exact statuses success and error, in the totals and in the trend', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...STATUSES), { minLength: 1, maxLength: 12 }), async (statuses) => {
        await store.reset();
        for (const [i, status] of statuses.entries()) store.repos.apiRequests.create({ status, created_at: START + i });
        await store.repos.apiRequests.flush();
        const range = { startTime: START, endTime: START + statuses.length };
        const successes = statuses.filter((status) => status === 'success').length;
        const errors = statuses.filter((status) => status === 'error').length;
        expect(await store.repos.apiRequests.getStats(range)).toMatchObject({
          totalRequests: statuses.length,
          successfulRequests: successes,
          failedRequests: errors,
        });
        const trend = await store.repos.apiRequests.getTrend({ ...range, interval: 'day' });
        expect(trend.reduce((sum, bucket) => sum + bucket.successCount, 0)).toBe(successes);
        expect(trend.reduce((sum, bucket) => sum + bucket.errorCount, 0)).toBe(errors);
      }),
      { numRuns: 50 },
    );
  });

  it('groups model statistics and expert categories by the exact text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 12 }), async (names) => {
        await store.reset();
        await store.repos.expertRoutingConfigs.create({ id: 'config', name: 'c', config: '{}' });
        for (const [i, name] of names.entries()) {
          store.repos.apiRequests.create({ model: name, status: 'success', created_at: START + i });
          await store.repos.expertRoutingLogs.create({
            expert_routing_id: 'config',
            request_hash: 'h',
            classifier_model: 'c',
            classification_result: name,
            selected_expert_id: 'e',
            selected_expert_type: 't',
            selected_expert_name: 'n',
            created_at: START + i,
          });
        }
        await store.repos.apiRequests.flush();
        const expected = [...countBy(names)].sort(([a], [b]) => byteOrder(a, b));
        const models = await store.repos.apiRequests.getModelStats({
          startTime: START,
          endTime: START + names.length,
          limit: 100,
        });
        expect(
          models.map((m): [string, number] => [m.model ?? '', m.requestCount]).sort(([a], [b]) => byteOrder(a, b)),
        ).toEqual(expected);
        const statistics = await store.repos.expertRoutingLogs.getStatistics('config');
        expect(
          statistics.categoryDistribution
            .map((c): [string, number] => [c.category, c.count])
            .sort(([a], [b]) => byteOrder(a, b)),
        ).toEqual(expected);
        for (const [name, count] of expected) {
          expect((await store.repos.expertRoutingLogs.getByCategory('config', name)).length).toBe(count);
        }
      }),
      { numRuns: 40 },
    );
  });
});
