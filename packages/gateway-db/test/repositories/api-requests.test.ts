import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aKey, aProvider } from './support/fixtures.js';
import { openTestStore, type TestStore } from './support/test-store.js';

const BASE = Date.UTC(2026, 0, 15, 12);
const DAY = 86_400_000;
const CLEAN_BATCH = 3;

describe.each(testDialects())('api requests (log, lists, retention) on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect, { apiRequests: { cleanBatchSize: CLEAN_BATCH } });
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  it('buffers a request without a database round trip and returns the complete row', async () => {
    const row = store.repos.apiRequests.create({ model: 'gpt-4o', status: 'success' });
    expect(row).not.toBeInstanceOf(Promise);
    expect(store.statements).toEqual([]);
    expect(row.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(row).toMatchObject({
      prompt_tokens: 0,
      completion_tokens: 0,
      total_tokens: 0,
      cache_hit: false,
      error_message: null,
    });
    expect(typeof row.created_at).toBe('number');
    await store.repos.apiRequests.flush();
    expect(await store.repos.apiRequests.getById(row.id)).toEqual(row);
  });

  it('stores bodies with CJK, 4-byte emoji and NUL characters, and errors over 64 KB, byte for byte', async () => {
    const body = JSON.stringify({ messages: [{ role: 'user', content: '你好, 世界 🌍🚀 a\u0000b' }] });
    const error = `upstream said: ${'错误🙈'.repeat(12_000)}`;
    const row = store.repos.apiRequests.create({
      request_body: body,
      response_body: body,
      error_message: error,
      status: 'error',
    });
    await store.repos.apiRequests.flush();
    const stored = await store.repos.apiRequests.getById(row.id);
    expect(stored?.request_body).toBe(body);
    expect(stored?.error_message).toBe(error);
    expect(Buffer.byteLength(error)).toBeGreaterThan(65_536);
  });

  it('returns undefined for an unknown request id', async () => {
    expect(await store.repos.apiRequests.getById('missing')).toBeUndefined();
  });

  describe('listing with pagination and filters', () => {
    let keyA: string;
    let keyB: string;
    let provider: string;
    let ids: string[];
    beforeEach(async () => {
      keyA = (await aKey(store.repos, 'vk_a')).id;
      keyB = (await aKey(store.repos, 'vk_b')).id;
      provider = (await aProvider(store.repos)).id;
      const models = ['gpt-4o', 'GPT-4o', 'gpt-4o '];
      ids = [];
      for (let i = 0; i < 25; i++) {
        const row = store.repos.apiRequests.create({
          created_at: BASE + i * 1000,
          status: i % 5 === 0 ? 'error' : 'success',
          virtual_key_id: i % 2 === 0 ? keyA : keyB,
          provider_id: i < 10 ? provider : null,
          model: models[i % 3],
        });
        ids.push(row.id);
      }
      await store.repos.apiRequests.flush();
    });
    const newestFirst = (indexes: number[]) => [...indexes].sort((a, b) => b - a).map((i) => ids[i]);
    const range = (n: number) => Array.from({ length: n }, (_, i) => i);

    it('pages through requests newest first with totals', async () => {
      const first = await store.repos.apiRequests.getAll({ pageSize: 10 });
      expect(first).toMatchObject({ total: 25, page: 1, pageSize: 10, totalPages: 3 });
      expect(first.data.map((r) => r.id)).toEqual(newestFirst(range(25)).slice(0, 10));
      const last = await store.repos.apiRequests.getAll({ page: 3, pageSize: 10 });
      expect(last.data.map((r) => r.id)).toEqual(newestFirst(range(25)).slice(20));
    });

    it('defaults to page 1 of 20', async () => {
      const page = await store.repos.apiRequests.getAll();
      expect(page).toMatchObject({ total: 25, page: 1, pageSize: 20, totalPages: 2 });
      expect(page.data).toHaveLength(20);
    });

    it('filters by status, virtual key and provider together', async () => {
      const page = await store.repos.apiRequests.getAll({ status: 'error', virtualKeyId: keyA, providerId: provider });
      // errors: 0, 5, 10, 15, 20; key A: even; provider: i < 10.
      expect(page.data.map((r) => r.id)).toEqual(newestFirst([0]));
      expect(page.total).toBe(1);
      expect((await store.repos.apiRequests.getAll({ status: 'error' })).total).toBe(5);
      expect((await store.repos.apiRequests.getAll({ virtualKeyId: keyB })).total).toBe(12);
    });

    it('filters by the exact model: letter case and trailing spaces matter', async () => {
      const exact = await store.repos.apiRequests.getAll({ model: 'GPT-4o', pageSize: 100 });
      expect(exact.data.map((r) => r.id)).toEqual(newestFirst(range(25).filter((i) => i % 3 === 1)));
      expect((await store.repos.apiRequests.getAll({ model: 'gpt-4o ' })).total).toBe(8);
      expect((await store.repos.apiRequests.getAll({ model: 'gpt-4o' })).total).toBe(9);
    });

    it('filters by an inclusive time range', async () => {
      const page = await store.repos.apiRequests.getAll({ startTime: BASE + 3000, endTime: BASE + 5000 });
      expect(page.data.map((r) => r.id)).toEqual(newestFirst([3, 4, 5]));
    });

    it('lists the latest requests of one key, limited', async () => {
      const rows = await store.repos.apiRequests.getByVirtualKey(keyA, 4);
      expect(rows.map((r) => r.id)).toEqual(newestFirst([24, 22, 20, 18]));
      expect(await store.repos.apiRequests.getByVirtualKey(keyA)).toHaveLength(13);
    });
  });

  it('deletes requests older than the retention in bounded batches and returns how many', async () => {
    const now = Date.now();
    for (let i = 0; i < 7; i++) store.repos.apiRequests.create({ created_at: now - 10 * DAY - i });
    const kept = [now - DAY, now].map((created_at) => store.repos.apiRequests.create({ created_at }).id);
    await store.repos.apiRequests.flush();
    store.statements.length = 0;

    expect(await store.repos.apiRequests.cleanOldRecords(7)).toBe(7);
    // 7 rows in batches of 3: 3 + 3 + 1.
    expect(store.statements.filter((sql) => /^delete /i.test(sql))).toHaveLength(3);
    const left = await store.repos.apiRequests.getAll();
    expect(left.data.map((r) => r.id).sort()).toEqual([...kept].sort());
    expect(await store.repos.apiRequests.cleanOldRecords(7)).toBe(0);
  });

  it('refuses a retention that is not a number of days, deleting nothing', async () => {
    store.repos.apiRequests.create({ created_at: 1 });
    await store.repos.apiRequests.flush();
    for (const days of [Number.NaN, -1]) {
      await expect(store.repos.apiRequests.cleanOldRecords(days)).rejects.toMatchObject({ code: 'CONFIG' });
    }
    expect((await store.repos.apiRequests.getAll()).total).toBe(1);
  });
});
