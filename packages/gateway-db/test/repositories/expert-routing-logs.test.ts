import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewExpertRoutingLogInput } from '../../src/repositories/index.js';
import { openTestStore, type TestStore } from './support/test-store.js';

const SINCE = Date.UTC(2026, 0, 15);
const MINUTE = 60_000;

describe.each(testDialects())('expert routing logs on %s', (dialect) => {
  let store: TestStore;
  let configId: string;
  let otherConfigId: string;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    await store.reset();
    configId = (await store.repos.expertRoutingConfigs.create({ name: 'c1', config: '{}' })).id;
    otherConfigId = (await store.repos.expertRoutingConfigs.create({ name: 'c2', config: '{}' })).id;
  });

  const aLog = (fields: Partial<NewExpertRoutingLogInput> = {}) =>
    store.repos.expertRoutingLogs.create({
      expert_routing_id: configId,
      request_hash: 'd41d8cd98f00b204e9800998ecf8427e',
      classifier_model: 'gpt-4o-mini',
      classification_result: 'code',
      selected_expert_id: 'e1',
      selected_expert_type: 'model',
      selected_expert_name: 'Coder',
      classification_time: 100,
      ...fields,
    });

  it('stores a log with megabytes of chat history and returns it whole by id', async () => {
    const history = JSON.stringify({ messages: [{ role: 'user', content: `你好👋 ${'长文本'.repeat(200_000)}` }] });
    const log = await aLog({ original_request: history, classifier_request: '{"q":1}', classifier_response: 'code' });
    expect(log.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    const stored = await store.repos.expertRoutingLogs.getById(log.id);
    expect(stored?.original_request).toBe(history);
    expect(stored).toEqual(log);
  });

  it('keeps a fractional classification time as a number', async () => {
    const log = await aLog({ classification_time: 12.5 });
    expect((await store.repos.expertRoutingLogs.getById(log.id))?.classification_time).toBe(12.5);
  });

  it('lists the logs of a config newest first, limited, without the large text columns', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await aLog({ created_at: SINCE + i * MINUTE, original_request: 'big' })).id);
    await aLog({ expert_routing_id: otherConfigId });
    const logs = await store.repos.expertRoutingLogs.getByConfigId(configId, 3);
    expect(logs.map((log) => log.id)).toEqual([ids[4], ids[3], ids[2]]);
    for (const log of logs) {
      expect(log).not.toHaveProperty('original_request');
      expect(log).not.toHaveProperty('classifier_request');
      expect(log).not.toHaveProperty('classifier_response');
      expect(log).toMatchObject({ expert_routing_id: configId, classification_result: 'code' });
    }
    expect(await store.repos.expertRoutingLogs.getByConfigId(configId)).toHaveLength(5);
  });

  it('finds the logs of a category by exact match', async () => {
    const code = await aLog({ classification_result: 'code' });
    await aLog({ classification_result: 'Code' });
    await aLog({ classification_result: 'code ' });
    await aLog({ classification_result: 'code', expert_routing_id: otherConfigId });
    const found = await store.repos.expertRoutingLogs.getByCategory(configId, 'code');
    expect(found.map((log) => log.id)).toEqual([code.id]);
  });

  it('computes the statistics of a config as numbers, with the category distribution', async () => {
    await aLog({ classification_result: 'code', classification_time: 100, created_at: SINCE + MINUTE });
    await aLog({ classification_result: 'code', classification_time: 300, created_at: SINCE + 2 * MINUTE });
    await aLog({ classification_result: 'chat', classification_time: 50, created_at: SINCE + 3 * MINUTE });
    await aLog({ classification_result: 'chat', classification_time: null, created_at: SINCE + 4 * MINUTE });
    await aLog({ classification_result: 'math', classification_time: 20, created_at: SINCE - MINUTE });
    await aLog({ expert_routing_id: otherConfigId, classification_time: 10, created_at: SINCE + MINUTE });

    expect(await store.repos.expertRoutingLogs.getStatistics(configId, SINCE)).toEqual({
      totalRequests: 4,
      // The log without a time does not count towards the average: (100 + 300 + 50) / 3.
      avgClassificationTime: 150,
      categoryDistribution: [
        { category: 'chat', count: 2, avgClassificationTime: 50 },
        { category: 'code', count: 2, avgClassificationTime: 200 },
      ],
    });
    const allTime = await store.repos.expertRoutingLogs.getStatistics(configId);
    expect(allTime.totalRequests).toBe(5);
    expect(allTime.avgClassificationTime).toBe(117.5);
    expect(allTime.categoryDistribution.map((c) => c.category)).toEqual(['chat', 'code', 'math']);
  });

  it('returns zeros and no categories for a config without logs', async () => {
    expect(await store.repos.expertRoutingLogs.getStatistics('none')).toEqual({
      totalRequests: 0,
      avgClassificationTime: 0,
      categoryDistribution: [],
    });
  });

  it('computes global statistics over every config since a time', async () => {
    await aLog({ classification_time: 100, created_at: SINCE + MINUTE });
    await aLog({ classification_time: 20, created_at: SINCE + MINUTE, expert_routing_id: otherConfigId });
    await aLog({ classification_time: 999, created_at: SINCE - MINUTE });
    expect(await store.repos.expertRoutingLogs.getGlobalStatistics(SINCE)).toEqual({
      totalRequests: 2,
      avgClassificationTime: 60,
    });
  });

  it('keeps the logs of a deleted config and of a deleted key, still naming them (issue 11.6)', async () => {
    const key = await store.repos.virtualKeys.create({
      name: 'k',
      key_value: 'sk-expert-log-key',
      key_hash: 'h-expert-log-key',
    });
    const log = await aLog({ virtual_key_id: key.id });
    await store.repos.expertRoutingConfigs.delete(configId);
    await store.repos.virtualKeys.delete(key.id);
    expect(await store.repos.expertRoutingLogs.getById(log.id)).toEqual(log);
    expect(await store.repos.expertRoutingLogs.getByConfigId(configId, 10)).toHaveLength(1);
  });

  it('stores a log whose config or key does not exist (deleted while it was on its way)', async () => {
    const log = await aLog({ expert_routing_id: 'deleted-config', virtual_key_id: 'deleted-key' });
    expect(await store.repos.expertRoutingLogs.getById(log.id)).toMatchObject({
      expert_routing_id: 'deleted-config',
      virtual_key_id: 'deleted-key',
    });
  });
});
