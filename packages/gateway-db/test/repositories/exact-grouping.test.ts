/** Groupings compare bytes on both dialects: MySQL's default collation would merge `GPT-4o`, `gpt-4o` and `gpt-4o `. */
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from './support/test-store.js';

describe.each(testDialects())('exact grouping on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  it('counts models that differ only by letter case or a trailing space as different models', async () => {
    const now = Date.now();
    for (const model of ['gpt-4o', 'gpt-4o', 'GPT-4o', 'gpt-4o ']) {
      store.repos.apiRequests.create({ model, status: 'success', total_tokens: 10, created_at: now - 1000 });
    }
    await store.repos.apiRequests.flush();
    const stats = await store.repos.apiRequests.getModelStats({ startTime: now - 60_000, endTime: now + 1 });
    expect(stats.map((s) => [s.model, s.requestCount])).toEqual([
      ['gpt-4o', 2],
      ['GPT-4o', 1],
      ['gpt-4o ', 1],
    ]);
  });

  it('keeps categories that differ only by letter case or a trailing space apart', async () => {
    const config = await store.repos.expertRoutingConfigs.create({ name: 'c', config: '{}' });
    for (const category of ['code', 'Code', 'code ', 'code']) {
      await store.repos.expertRoutingLogs.create({
        expert_routing_id: config.id,
        request_hash: 'h',
        classifier_model: 'm',
        classification_result: category,
        selected_expert_id: 'e',
        selected_expert_type: 'model',
        selected_expert_name: 'n',
        classification_time: 1,
      });
    }
    const stats = await store.repos.expertRoutingLogs.getStatistics(config.id);
    expect(stats.categoryDistribution.map((c) => [c.category, c.count])).toEqual([
      ['code', 2],
      ['Code', 1],
      ['code ', 1],
    ]);
  });
});
