/** What differs per dialect (DialectOps), run on the real databases through the typed clients. */
import { toNumber, toText } from '@gateway-db/core/dialect/row-codec.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { testDialects } from '@gateway-db/test-support';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOrmContext, type OrmContext } from '../../src/orm/orm-context.js';
import { countRows, insertVirtualKey } from '../helpers/rows.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';

describe.each(testDialects())('DialectOps on %s', (dialect) => {
  let store: TestStore;
  let ctx: OrmContext;
  const config = async (key: string) => {
    const { systemConfig } = ctx.tables;
    const [row] = await ctx.client.select().from(systemConfig).where(eq(systemConfig.key, key));
    return row;
  };

  beforeAll(async () => {
    store = await createTestStore(dialect, 'dialectops');
    await applyMigrations(store.executor);
    ctx = createOrmContext(store.executor);
  });
  beforeEach(async () => {
    await ctx.client.delete(ctx.tables.systemConfig);
    await ctx.client.delete(ctx.tables.apiRequests);
    await ctx.client.delete(ctx.tables.virtualKeys);
  });
  afterAll(() => store?.drop());

  it('upserts: inserts a new row, then replaces the value and keeps the description when asked to', async () => {
    await ctx.ops.upsertSystemConfig({ key: 'k', value: 'v1', description: 'first description', updated_at: 1 }, true);
    await ctx.ops.upsertSystemConfig({ key: 'k', value: 'v2', description: 'ignored', updated_at: 2 }, false);
    expect(await config('k')).toMatchObject({ value: 'v2', description: 'first description', updated_at: 2 });
    await ctx.ops.upsertSystemConfig({ key: 'k', value: 'v3', description: null, updated_at: 3 }, true);
    expect(await config('k')).toMatchObject({ value: 'v3', description: null, updated_at: 3 });
    expect(await countRows(store.executor, 'system_config')).toBe(1);
  });

  it('divides integers rounding down (UTC hour buckets)', async () => {
    const hour = 3_600_000;
    const createdAt = 1_760_000_000_000 + hour - 1;
    await ctx.client.insert(ctx.tables.apiRequests).values({ id: 'r', created_at: createdAt });
    const { apiRequests } = ctx.tables;
    const [row] = await ctx.client.select({ bucket: ctx.ops.intDiv(apiRequests.created_at, hour) }).from(apiRequests);
    expect(toNumber(row?.bucket)).toBe(Math.floor(createdAt / hour));
  });

  it('compares keys exactly: letter case and trailing spaces matter', async () => {
    await insertVirtualKey(store.executor, 'id-1', 'vk_AbC');
    const { virtualKeys } = ctx.tables;
    const find = async (value: string) =>
      (
        await ctx.client
          .select({ id: virtualKeys.id })
          .from(virtualKeys)
          .where(ctx.ops.exactEquals(virtualKeys.key_value, value))
      ).map((r) => r.id);
    expect(await find('vk_AbC')).toEqual(['id-1']);
    expect(await find('vk_abc')).toEqual([]);
    expect(await find('vk_AbC ')).toEqual([]);
  });

  it('compares text columns exactly too (MySQL text collations fold case and pad spaces)', async () => {
    await ctx.ops.upsertSystemConfig({ key: 'k', value: 'Value', description: null, updated_at: 1 }, true);
    const { systemConfig } = ctx.tables;
    const find = async (value: string) =>
      ctx.client.select().from(systemConfig).where(ctx.ops.exactEquals(systemConfig.value, value));
    expect(await find('Value')).toHaveLength(1);
    expect(await find('value')).toHaveLength(0);
    expect(await find('Value ')).toHaveLength(0);
  });

  it('groups text exactly: `GPT-4o`, `gpt-4o` and `gpt-4o ` are three groups', async () => {
    const { apiRequests } = ctx.tables;
    const models = ['GPT-4o', 'gpt-4o', 'gpt-4o ', 'gpt-4o'];
    await ctx.client.insert(apiRequests).values(models.map((model, i) => ({ id: `m${i}`, created_at: 1, model })));
    const key = ctx.ops.exactGroupKey(apiRequests.model);
    const rows = await ctx.client.select({ model: key, n: sql<number>`count(*)` }).from(apiRequests).groupBy(key);
    const groups = rows.map((row) => [toText(row.model), toNumber(row.n)]).sort();
    expect(groups).toEqual(
      [
        ['GPT-4o', 1],
        ['gpt-4o', 2],
        ['gpt-4o ', 1],
      ].sort(),
    );
  });

  it('deletes at most the given number of old log rows, only those already rolled up', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({
      id: `r${i}`,
      created_at: i < 7 ? 1 : 1_000,
      rolled_up: true,
    }));
    // Old, but not in the rollups yet: kept until the backfill has counted it.
    rows.push({ id: 'unrolled', created_at: 1, rolled_up: false });
    await ctx.client.insert(ctx.tables.apiRequests).values(rows);
    expect(await ctx.ops.deleteApiRequestsBefore(500, 5)).toBe(5);
    expect(await ctx.ops.deleteApiRequestsBefore(500, 5)).toBe(2);
    expect(await ctx.ops.deleteApiRequestsBefore(500, 5)).toBe(0);
    expect(await countRows(store.executor, 'api_requests')).toBe(4);
  });

  it('adds a rollup delta to the stored counters and records each model once', async () => {
    const { apiRequestRollups: rollups, apiRequestModels: models } = ctx.tables;
    const row = {
      id: 'h:w:g',
      period_ms: 3_600_000,
      period_start: 0,
      writer_id: 'w',
      virtual_key_id: null,
      provider_id: null,
      model_key: 'k',
      status: 'success',
      requests: 2,
      successes: 2,
      errors: 0,
      prompt_tokens: 10,
      completion_tokens: 5,
      total_tokens: 15,
      cache_hits: 0,
      cache_saved_tokens: 0,
      response_time_sum: 12.5,
      response_time_count: 2,
    };
    await ctx.ops.addToRollups({ rollups: [row], models: [{ id: 'k', model: 'gpt-4o' }] });
    await ctx.ops.addToRollups({ rollups: [row], models: [{ id: 'k', model: 'gpt-4o' }] });
    expect(await ctx.client.select().from(rollups)).toEqual([
      {
        ...row,
        requests: 4,
        successes: 4,
        prompt_tokens: 20,
        completion_tokens: 10,
        total_tokens: 30,
        response_time_sum: 25,
        response_time_count: 4,
      },
    ]);
    expect(await ctx.client.select().from(models)).toEqual([{ id: 'k', model: 'gpt-4o' }]);
    // Only periods that ended before the cutoff.
    expect(await ctx.ops.deleteRollupsBefore(3_599_999, 10)).toBe(0);
    expect(await ctx.ops.deleteRollupsBefore(3_600_000, 10)).toBe(1);
  });

  it('counts the rows an update changed', async () => {
    await insertVirtualKey(store.executor, 'id-1', 'vk_1');
    await insertVirtualKey(store.executor, 'id-2', 'vk_2');
    const { virtualKeys } = ctx.tables;
    expect(ctx.ops.affectedRows(await ctx.client.update(virtualKeys).set({ rate_limit: 5 }))).toBe(2);
    expect(ctx.ops.affectedRows(await ctx.client.delete(virtualKeys).where(eq(virtualKeys.id, 'nope')))).toBe(0);
  });

  it('stores booleans as 1/0 and reads them back as booleans', async () => {
    await ctx.client.insert(ctx.tables.apiRequests).values([
      { id: 't', created_at: 1, cache_hit: true },
      { id: 'f', created_at: 1, cache_hit: false },
    ]);
    const raw = await store.executor.all('SELECT `cache_hit` FROM `api_requests` ORDER BY `id`');
    expect(raw.map((row) => Number(row.cache_hit))).toEqual([0, 1]);
    const typed = await ctx.client
      .select({ hit: ctx.tables.apiRequests.cache_hit })
      .from(ctx.tables.apiRequests)
      .orderBy(ctx.tables.apiRequests.id);
    expect(typed.map((row) => row.hit)).toEqual([false, true]);
  });
});
