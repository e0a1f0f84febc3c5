/**
 * `getAll` counts and places pages from the rollups' per-hour counts: for random rows (some not rolled up yet),
 * filters and pages, the page and the total equal what sorting the rows gives, on both dialects; paging by cursor
 * walks every row once; retention and a deleted key do not make the total count rows that are gone.
 */
import { testDialects } from '@gateway-db/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmContext } from '../../src/orm/orm-context.js';
import type { ApiRequestFilters } from '../../src/repositories/index.js';
import { backfillStep } from '../../src/rollups/rollup-backfill-batch.js';
import { aKey, aProvider } from '../repositories/support/fixtures.js';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 1);

interface Row {
  id: string;
  created_at: number;
  virtual_key_id: string | null;
  provider_id: string | null;
  model: string | null;
  status: string | null;
}

/** Newest first, then id descending (ids here are ASCII: byte order is code unit order). */
function expectedPage(rows: readonly Row[], filters: ApiRequestFilters) {
  const matching = rows
    .filter(
      (row) =>
        (filters.startTime === undefined || row.created_at >= filters.startTime) &&
        (filters.endTime === undefined || row.created_at <= filters.endTime) &&
        (filters.status === undefined || row.status === filters.status) &&
        (filters.virtualKeyId === undefined || row.virtual_key_id === filters.virtualKeyId) &&
        (filters.providerId === undefined || row.provider_id === filters.providerId) &&
        (filters.model === undefined || row.model === filters.model),
    )
    .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const pageSize = filters.pageSize ?? 20;
  const start = ((filters.page ?? 1) - 1) * pageSize;
  return { ids: matching.slice(start, start + pageSize).map((row) => row.id), total: matching.length };
}

describe.each(testDialects())('getAll from per-hour counts on %s', (dialect) => {
  let store: TestStore;
  let keys: string[];
  let provider: string;
  beforeAll(async () => {
    store = await openTestStore(dialect);
    keys = [
      (await aKey(store.repos, 'vk_l1', { id: 'key-1' })).id,
      (await aKey(store.repos, 'vk_l2', { id: 'key-2' })).id,
    ];
    provider = (await aProvider(store.repos, { id: 'prov-1' })).id;
  });
  afterAll(async () => store?.close());

  async function load(rows: readonly (Row & { unrolled: boolean })[], backfillSteps: number) {
    const ctx = createOrmContext(store.executor);
    const { apiRequests, apiRequestRollups, apiRequestModels, apiRequestRollupState } = ctx.tables;
    for (const table of [apiRequests, apiRequestRollups, apiRequestModels, apiRequestRollupState]) {
      await ctx.client.delete(table);
    }
    for (const { unrolled, ...row } of rows) {
      if (unrolled) await ctx.client.insert(apiRequests).values({ ...row, rolled_up: false });
      else store.repos.apiRequests.create(row);
    }
    await store.repos.apiRequests.flush();
    for (let i = 0; i < backfillSteps; i++) await backfillStep(ctx, 7);
  }

  it('returns the same page and total as sorting the rows, for random filters and pages', async () => {
    const row = (i: number) =>
      fc.record({
        id: fc.constant(`r${String(i).padStart(3, '0')}`),
        created_at: fc.oneof(
          fc.integer({ min: T0, max: T0 + 30 * HOUR }),
          fc.constantFrom(T0 + 5 * HOUR, T0 + 5 * HOUR - 1),
        ),
        virtual_key_id: fc.constantFrom('key-1', 'key-2', null),
        provider_id: fc.constantFrom('prov-1', null),
        model: fc.constantFrom('gpt-4o', 'GPT-4o', 'gpt-4o ', null),
        status: fc.constantFrom('success', 'error', 'Success', null),
        unrolled: fc.boolean(),
      });
    const rowsArb = fc
      .integer({ min: 0, max: 80 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => row(i))));
    const filtersArb = fc.record(
      {
        page: fc.integer({ min: 1, max: 12 }),
        pageSize: fc.integer({ min: 1, max: 15 }),
        startTime: fc.integer({ min: T0 - HOUR, max: T0 + 31 * HOUR }),
        endTime: fc.integer({ min: T0 - HOUR, max: T0 + 31 * HOUR }),
        status: fc.constantFrom('success', 'error'),
        virtualKeyId: fc.constantFrom('key-1', 'key-2'),
        providerId: fc.constant('prov-1'),
        model: fc.constantFrom('gpt-4o', 'GPT-4o'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        rowsArb,
        fc.integer({ min: 0, max: 3 }),
        fc.array(filtersArb, { minLength: 1, maxLength: 5 }),
        async (rows, steps, filterSets) => {
          await load(rows, steps);
          for (const filters of filterSets) {
            const page = await store.repos.apiRequests.getAll(filters);
            const expected = expectedPage(rows, filters);
            expect({ ids: page.data.map((r) => r.id), total: page.total }).toEqual(expected);
          }
        },
      ),
      { numRuns: dialect === 'sqlite' ? 40 : 20 },
    );
  });

  it('places every page of an hour with many rows in one millisecond', async () => {
    // 30 rows share one millisecond, between newer and older rows of the same hour and rows of other hours: a
    // page starting inside that millisecond must skip exactly its newer ids (SQLite finds the start by time).
    const busy = T0 + 2 * HOUR + 1234;
    const times = [
      ...Array.from({ length: 30 }, () => busy),
      ...Array.from({ length: 10 }, (_, i) => busy + 1 + i * 1000),
      ...Array.from({ length: 10 }, (_, i) => busy - 1 - i * 1000),
      T0 + 3 * HOUR + 5,
      T0 + HOUR + 7,
    ];
    const rows = times.map((created_at, i) => ({
      id: `t${String((i * 37) % 101).padStart(3, '0')}`,
      created_at,
      virtual_key_id: keys[i % 2] ?? null,
      provider_id: provider,
      model: 'gpt-4o',
      status: 'success',
      unrolled: i % 7 === 0,
    }));
    await load(rows, 0);
    for (const pageSize of [1, 4, 7]) {
      for (const filters of [{}, { virtualKeyId: keys[0] }]) {
        const { total } = expectedPage(rows, { ...filters, pageSize: 1000 });
        for (let page = 1; page <= Math.ceil(total / pageSize); page++) {
          const got = await store.repos.apiRequests.getAll({ ...filters, page, pageSize });
          expect({ ids: got.data.map((r) => r.id), total: got.total }).toEqual(
            expectedPage(rows, { ...filters, page, pageSize }),
          );
        }
      }
    }
  });

  it('walks every row once by cursor, newest first', async () => {
    const rows = Array.from({ length: 57 }, (_, i) => ({
      id: `c${String(i).padStart(3, '0')}`,
      // Pairs of rows share a time: the id breaks the tie.
      created_at: T0 + Math.floor(i / 2) * 600_000,
      virtual_key_id: keys[i % 2] ?? null,
      provider_id: provider,
      model: 'gpt-4o',
      status: 'success',
      unrolled: i % 5 === 0,
    }));
    await load(rows, 0);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = await store.repos.apiRequests.getAll({ pageSize: 10, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(57);
      seen.push(...page.data.map((r) => r.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(expectedPage(rows, { pageSize: 100 }).ids);
    await expect(store.repos.apiRequests.getAll({ cursor: 'not a cursor' })).rejects.toMatchObject({ code: 'CONFIG' });
  });

  it('counts only rows that are left after retention, and a deleted key’s rows still under its id', async () => {
    const old = Date.now() - 40 * 86_400_000;
    const rows = Array.from({ length: 30 }, (_, i) => ({
      id: `o${String(i).padStart(3, '0')}`,
      created_at: old + i * 1000 + (i >= 20 ? 20 * 86_400_000 : 0),
      virtual_key_id: 'key-2',
      provider_id: null,
      model: null,
      status: 'success',
      unrolled: false,
    }));
    await load(rows, 0);
    expect((await store.repos.apiRequests.getAll()).total).toBe(30);
    expect(await store.repos.apiRequests.cleanOldRecords(30)).toBe(20);
    expect((await store.repos.apiRequests.getAll()).total).toBe(10);
    expect((await store.repos.apiRequests.getAll({ virtualKeyId: 'key-2' })).total).toBe(10);
    await store.repos.virtualKeys.delete('key-2');
    // The log rows keep naming the deleted key (plain references, issue 11.6).
    expect((await store.repos.apiRequests.getAll({ virtualKeyId: 'key-2' })).total).toBe(10);
    expect((await store.repos.apiRequests.getAll()).total).toBe(10);
  });
});
