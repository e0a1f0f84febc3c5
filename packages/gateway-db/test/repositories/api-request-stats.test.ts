import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewApiRequestInput } from '../../src/repositories/index.js';
import { aKey, aProvider } from './support/fixtures.js';
import { openTestStore, type TestStore } from './support/test-store.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const MINUTE = 60_000;
/** UTC midnight: hour and day buckets start here. */
const T0 = Date.UTC(2026, 0, 15);
/** Four whole UTC hours: T0 .. T0 + 4h - 1 ms. */
const FOUR_HOURS = { startTime: T0, endTime: T0 + 4 * HOUR - 1 };

/**
 * The known data set. In FOUR_HOURS, counted: #1, #2 (hour 0), #3, #4 (hour 2), #6 (hour 3).
 * Not counted: #5 (its key has disable_logging), #7 (an hour before the range).
 */
function dataSet(ids: {
  keyA: string;
  keyB: string;
  silentKey: string;
  openai: string;
  anthropic: string;
}): NewApiRequestInput[] {
  const { keyA, keyB, silentKey, openai, anthropic } = ids;
  const base = { status: 'success', cache_hit: false };
  return [
    {
      ...base,
      created_at: T0 + 10 * MINUTE,
      virtual_key_id: keyA,
      provider_id: openai,
      model: 'gpt-4o',
      prompt_tokens: 10,
      completion_tokens: 20,
      total_tokens: 30,
      response_time: 100,
    },
    {
      ...base,
      created_at: T0 + 50 * MINUTE,
      virtual_key_id: keyA,
      provider_id: openai,
      model: 'gpt-4o',
      prompt_tokens: 5,
      completion_tokens: 0,
      total_tokens: 5,
      response_time: 300,
      status: 'error',
    },
    {
      ...base,
      created_at: T0 + 2 * HOUR + 5 * MINUTE,
      virtual_key_id: keyB,
      provider_id: anthropic,
      model: 'claude-3',
      prompt_tokens: 100,
      completion_tokens: 50,
      total_tokens: 150,
      response_time: 200,
      cache_hit: true,
    },
    {
      ...base,
      created_at: T0 + 2 * HOUR + 30 * MINUTE,
      virtual_key_id: null,
      provider_id: openai,
      model: 'gpt-4o',
      prompt_tokens: 1,
      completion_tokens: 1,
      total_tokens: 2,
      response_time: null,
    },
    {
      ...base,
      created_at: T0 + 2 * HOUR + 40 * MINUTE,
      virtual_key_id: silentKey,
      provider_id: openai,
      model: 'gpt-4o',
      prompt_tokens: 1000,
      completion_tokens: 1000,
      total_tokens: 2000,
      response_time: 999,
    },
    {
      ...base,
      created_at: T0 + 3 * HOUR + 59 * MINUTE,
      virtual_key_id: keyB,
      provider_id: openai,
      model: 'gpt-4o-mini',
      prompt_tokens: 3,
      completion_tokens: 4,
      total_tokens: 7,
      response_time: 50,
    },
    {
      ...base,
      created_at: T0 - HOUR,
      virtual_key_id: keyA,
      provider_id: openai,
      model: 'gpt-4o',
      prompt_tokens: 500,
      completion_tokens: 500,
      total_tokens: 1000,
      response_time: 10,
    },
  ];
}

const empty = (timestamp: number) => ({ timestamp, requestCount: 0, successCount: 0, errorCount: 0, tokenCount: 0 });

describe.each(testDialects())('api request statistics on %s', (dialect) => {
  let store: TestStore;
  let silentKey: string;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => {
    await store.reset();
    const keyA = (await aKey(store.repos, 'vk_a', { id: 'key-a', name: 'Alpha' })).id;
    const keyB = (await aKey(store.repos, 'vk_b', { id: 'key-b', name: 'Beta 🅱️' })).id;
    silentKey = (await aKey(store.repos, 'vk_silent', { disable_logging: true })).id;
    const openai = (await aProvider(store.repos, { name: 'OpenAI' })).id;
    const anthropic = (await aProvider(store.repos, { name: 'Anthropic' })).id;
    for (const request of dataSet({ keyA, keyB, silentKey, openai, anthropic }))
      store.repos.apiRequests.create(request);
    await store.repos.apiRequests.flush();
  });

  it('totals the requests of a range as numbers, leaving out keys with disable_logging', async () => {
    expect(await store.repos.apiRequests.getStats(FOUR_HOURS)).toStrictEqual({
      totalRequests: 5,
      successfulRequests: 4,
      failedRequests: 1,
      // The cache hit's 150 tokens are saved tokens, not part of the totals (the legacy meaning).
      totalTokens: 30 + 5 + 2 + 7,
      promptTokens: 10 + 5 + 1 + 3,
      completionTokens: 20 + 0 + 1 + 4,
      // #4 has no response time: (100 + 300 + 200 + 50) / 4.
      avgResponseTime: 162.5,
      cacheHits: 1,
      cacheSavedTokens: 150,
    });
  });

  it('counts a key again once its disable_logging is switched off', async () => {
    await store.repos.virtualKeys.update(silentKey, { disable_logging: false });
    const stats = await store.repos.apiRequests.getStats(FOUR_HOURS);
    expect(stats.totalRequests).toBe(6);
    expect(stats.totalTokens).toBe(44 + 2000);
  });

  it('covers the last 24 hours by default', async () => {
    const now = Date.now();
    store.repos.apiRequests.create({ created_at: now - HOUR, status: 'success', total_tokens: 11 });
    store.repos.apiRequests.create({ created_at: now - 25 * HOUR, status: 'success', total_tokens: 13 });
    await store.repos.apiRequests.flush();
    expect(await store.repos.apiRequests.getStats()).toMatchObject({ totalRequests: 1, totalTokens: 11 });
  });

  it('returns zeros, not nulls, for a range without requests', async () => {
    const stats = await store.repos.apiRequests.getStats({ startTime: 0, endTime: 1000 });
    expect(Object.values(stats).every((value) => value === 0)).toBe(true);
  });

  it('buckets the trend by UTC hour, in order, with empty hours included', async () => {
    expect(await store.repos.apiRequests.getTrend({ ...FOUR_HOURS, interval: 'hour' })).toStrictEqual([
      { timestamp: T0, requestCount: 2, successCount: 1, errorCount: 1, tokenCount: 35 },
      empty(T0 + HOUR),
      { timestamp: T0 + 2 * HOUR, requestCount: 2, successCount: 2, errorCount: 0, tokenCount: 2 },
      { timestamp: T0 + 3 * HOUR, requestCount: 1, successCount: 1, errorCount: 0, tokenCount: 7 },
    ]);
  });

  it('buckets the trend by UTC day, aligned to midnight even when the range starts mid-day', async () => {
    const trend = await store.repos.apiRequests.getTrend({
      startTime: T0 - 2 * DAY + 5 * HOUR,
      endTime: T0 + 4 * HOUR,
      interval: 'day',
    });
    expect(trend).toStrictEqual([
      empty(T0 - 2 * DAY),
      { timestamp: T0 - DAY, requestCount: 1, successCount: 1, errorCount: 0, tokenCount: 1000 },
      { timestamp: T0, requestCount: 5, successCount: 4, errorCount: 1, tokenCount: 44 },
    ]);
  });

  it('gives one hourly series per key with requests, named, busiest first, without unkeyed or silent requests', async () => {
    const hours = [0, 1, 2, 3].map((h) => T0 + h * HOUR);
    expect(await store.repos.apiRequests.getTrendByKey({ ...FOUR_HOURS, interval: 'hour' })).toStrictEqual([
      {
        virtualKeyId: 'key-a',
        virtualKeyName: 'Alpha',
        data: [
          { timestamp: hours[0], requestCount: 2, successCount: 1, errorCount: 1, tokenCount: 35 },
          empty(hours[1]!),
          empty(hours[2]!),
          empty(hours[3]!),
        ],
      },
      {
        virtualKeyId: 'key-b',
        virtualKeyName: 'Beta 🅱️',
        data: [
          empty(hours[0]!),
          empty(hours[1]!),
          { timestamp: hours[2], requestCount: 1, successCount: 1, errorCount: 0, tokenCount: 0 },
          { timestamp: hours[3], requestCount: 1, successCount: 1, errorCount: 0, tokenCount: 7 },
        ],
      },
    ]);
  });

  it('ranks the top models with their provider, limited to 5 by default', async () => {
    const all = await store.repos.apiRequests.getModelStats(FOUR_HOURS);
    expect(all).toStrictEqual([
      // #1, #2, #4; #4 has no response time: (100 + 300) / 2.
      { model: 'gpt-4o', providerName: 'OpenAI', requestCount: 3, totalTokens: 37, avgResponseTime: 200 },
      { model: 'gpt-4o-mini', providerName: 'OpenAI', requestCount: 1, totalTokens: 7, avgResponseTime: 50 },
      { model: 'claude-3', providerName: 'Anthropic', requestCount: 1, totalTokens: 0, avgResponseTime: 200 },
    ]);
    expect(await store.repos.apiRequests.getModelStats({ ...FOUR_HOURS, limit: 2 })).toStrictEqual(all.slice(0, 2));
  });
});
