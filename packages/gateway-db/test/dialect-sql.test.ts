/** The SQL fragments that differ per dialect, run on the real databases. */
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toNumber, toText } from '../src/dialect/row-codec.js';
import { applyMigrations } from '../src/migrations/apply-migrations.js';
import { countRows, insertVirtualKey } from './helpers/rows.js';
import { type TestStore, createTestStore } from './helpers/test-store.js';

const UPSERT = 'INSERT INTO `system_config` (`key`, `value`, `description`, `updated_at`) VALUES (?, ?, ?, ?) ';

describe.each(testDialects())('DialectSql on %s', (dialect) => {
  let store: TestStore;
  const config = async (key: string) => store.executor.get('SELECT `value`, `description`, `updated_at` FROM `system_config` WHERE `key` = ?', [key]);

  beforeAll(async () => {
    store = await createTestStore(dialect, 'dialectsql');
    await applyMigrations(store.executor);
  });
  beforeEach(async () => {
    await store.executor.run('DELETE FROM `system_config`');
    await store.executor.run('DELETE FROM `api_requests`');
    await store.executor.run('DELETE FROM `virtual_keys`');
  });
  afterAll(() => store?.drop());

  it('upserts: inserts a new row, then updates only the listed columns', async () => {
    const { sql } = store.executor;
    await store.executor.run(UPSERT + sql.upsertTail('key', ['value', 'updated_at']), ['k', 'v1', 'first description', 1]);
    await store.executor.run(UPSERT + sql.upsertTail('key', ['value', 'updated_at']), ['k', 'v2', 'ignored', 2]);
    expect(await config('k')).toMatchObject({ value: 'v2', description: 'first description', updated_at: 2 });
    expect(await countRows(store.executor, 'system_config')).toBe(1);
  });

  it('upserts with no columns to update: keeps the existing row unchanged', async () => {
    const { sql } = store.executor;
    await store.executor.run(UPSERT + sql.upsertTail('key', []), ['k', 'v1', null, 1]);
    await store.executor.run(UPSERT + sql.upsertTail('key', []), ['k', 'v2', null, 2]);
    expect(await config('k')).toMatchObject({ value: 'v1', updated_at: 1 });
  });

  it('divides integers rounding down, with a bound divisor (UTC hour buckets)', async () => {
    const hour = 3_600_000;
    const row = await store.executor.get(`SELECT ${store.executor.sql.intDiv('?', '?')} AS bucket`, [1_760_000_000_000 + hour - 1, hour]);
    expect(toNumber(row?.bucket)).toBe(Math.floor((1_760_000_000_000 + hour - 1) / hour));
  });

  it('compares keys exactly: letter case and trailing spaces matter', async () => {
    await insertVirtualKey(store.executor, 'id-1', 'vk_AbC');
    const find = async (value: string) =>
      (await store.executor.all(`SELECT \`id\` FROM \`virtual_keys\` WHERE ${store.executor.sql.exactEquals('`key_value`')}`, [value])).map((r) => toText(r.id));
    expect(await find('vk_AbC')).toEqual(['id-1']);
    expect(await find('vk_abc')).toEqual([]);
    expect(await find('vk_AbC ')).toEqual([]);
  });

  it('compares text columns exactly too (MySQL text collations fold case and pad spaces)', async () => {
    await store.executor.run(UPSERT + store.executor.sql.upsertTail('key', ['value']), ['k', 'Value', null, 1]);
    const find = async (value: string) =>
      store.executor.all(`SELECT \`key\` FROM \`system_config\` WHERE ${store.executor.sql.exactEquals('`value`')}`, [value]);
    expect(await find('Value')).toHaveLength(1);
    expect(await find('value')).toHaveLength(0);
    expect(await find('Value ')).toHaveLength(0);
  });

  it('deletes at most the given number of matching rows', async () => {
    for (let i = 0; i < 10; i++) {
      await store.executor.run('INSERT INTO `api_requests` (`id`, `created_at`) VALUES (?, ?)', [`r${i}`, i < 7 ? 1 : 1_000]);
    }
    const statement = store.executor.sql.deleteLimited('api_requests', '`created_at` < ?', 5);
    expect(await store.executor.run(statement, [500])).toEqual({ changes: 5 });
    expect(await store.executor.run(statement, [500])).toEqual({ changes: 2 });
    expect(await countRows(store.executor, 'api_requests')).toBe(3);
  });

  it('binds booleans as 1/0', async () => {
    await store.executor.run('INSERT INTO `api_requests` (`id`, `created_at`, `cache_hit`) VALUES (?, ?, ?), (?, ?, ?)', ['t', 1, true, 'f', 1, false]);
    const rows = await store.executor.all('SELECT `cache_hit` FROM `api_requests` ORDER BY `id`');
    expect(rows.map((row) => Number(row.cache_hit))).toEqual([0, 1]);
  });
});
