/** The buffered api_requests writer against the real databases. */

import { loadConfig } from '@gateway-db/core/config.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { openStore } from '@gateway-db/core/open-store.js';
import { testDialects } from '@gateway-db/test-support';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiRequestLogWriter, type LogWriterReport } from '../src/log-writer.js';
import { createOrmContext } from '../src/orm/orm-context.js';
import { apiRequestRow, countRows, insertVirtualKey } from './helpers/rows.js';
import { TcpProxy } from './helpers/tcp-proxy.js';
import { createTestStore, type TestStore } from './helpers/test-store.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDialects())('ApiRequestLogWriter on %s', (dialect) => {
  let store: TestStore;
  let reports: LogWriterReport[];

  beforeAll(async () => {
    store = await createTestStore(dialect, 'logwriter');
    await applyMigrations(store.executor);
    await insertVirtualKey(store.executor, 'vk-1', 'vk_value_1');
  });
  beforeEach(async () => {
    reports = [];
    await store.executor.run('DELETE FROM `api_requests`');
  });
  afterAll(() => store?.drop());

  const writer = (options = {}) =>
    new ApiRequestLogWriter(store.executor, { onReport: (r) => reports.push(r), ...options });

  it('writes 2,000 rows in multi-row batches and the rest on close()', async () => {
    const target = writer({ maxBatchRows: 256, flushIntervalMs: 60_000 });
    for (let i = 0; i < 2_000; i++) target.enqueue(apiRequestRow({ virtual_key_id: i % 2 ? 'vk-1' : null }));
    await target.close();
    expect(await countRows(store.executor, 'api_requests')).toBe(2_000);
    expect(target.stats()).toMatchObject({ written: 2_000, rejected: 0, dropped: 0, buffered: 0 });
  });

  it('writes every buffered row of a key deleted before the flush, none refused (issue 11.6)', async () => {
    await insertVirtualKey(store.executor, 'vk-doomed', 'vk_value_doomed');
    const target = writer({ flushIntervalMs: 60_000 });
    for (let i = 0; i < 4_000; i++) target.enqueue(apiRequestRow({ virtual_key_id: 'vk-doomed' }));
    await store.executor.run("DELETE FROM `virtual_keys` WHERE `id` = 'vk-doomed'");
    await target.close();
    // Each row written in an ordinary batch: no bisection (it took 4.9 s for 4,000 refused rows on MySQL).
    expect(target.stats()).toMatchObject({ written: 4_000, rejected: 0, buffered: 0 });
    const [kept] = await store.executor.all(
      "SELECT count(*) AS n FROM `api_requests` WHERE `virtual_key_id` = 'vk-doomed'",
    );
    expect(Number(kept?.n)).toBe(4_000);
  });

  it('writes buffered rows by time with no further activity', async () => {
    const target = writer({ flushIntervalMs: 50 });
    target.enqueue(apiRequestRow());
    await sleep(300);
    expect(await countRows(store.executor, 'api_requests')).toBe(1);
    await target.close();
  });

  it('keeps values byte for byte: large bodies, emoji, NUL, flags and defaults', async () => {
    const target = writer();
    const body = `{"text":"日本語 😀 \u0000 end"}`.padEnd(30_000, 'z');
    const row = apiRequestRow({
      response_body: body,
      cache_hit: true,
      prompt_cache_hit_tokens: undefined,
      response_time: 12.5,
    });
    target.enqueue(row);
    await target.close();
    const ctx = createOrmContext(store.executor);
    const [stored] = await ctx.client
      .select()
      .from(ctx.tables.apiRequests)
      .where(eq(ctx.tables.apiRequests.id, row.id));
    expect(stored).toMatchObject({
      id: row.id,
      response_body: body,
      cache_hit: true,
      prompt_cache_hit_tokens: 0,
      response_time: 12.5,
    });
  });

  it('isolates rows the database refuses (duplicate id) and writes all the others, missing references included', async () => {
    const existing = apiRequestRow();
    const first = writer();
    first.enqueue(existing);
    await first.close();
    const target = writer({ maxBatchRows: 128 });
    const rows = Array.from({ length: 100 }, () => apiRequestRow());
    rows[10] = { ...apiRequestRow(), id: existing.id };
    rows[70] = apiRequestRow({ virtual_key_id: 'no-such-key' });
    for (const row of rows) target.enqueue(row);
    await target.close();
    expect(await countRows(store.executor, 'api_requests')).toBe(1 + 99);
    const rejected = reports.filter((report) => report.kind === 'rejected');
    expect(rejected).toEqual([expect.objectContaining({ rowId: existing.id, code: 'CONFLICT' })]);
    // The log tables' references are plain columns: a row naming a key that does not exist is kept as it is.
    const [kept] = await store.executor.all('SELECT virtual_key_id FROM api_requests WHERE id = ?', [rows[70]?.id]);
    expect(String(kept?.virtual_key_id)).toBe('no-such-key');
  });
});

if (testDialects().includes('mysql'))
  describe('ApiRequestLogWriter when MySQL goes away', () => {
    let store: TestStore;
    let proxy: TcpProxy | undefined;

    beforeAll(async () => {
      store = await createTestStore('mysql', 'logwriter_down');
      await applyMigrations(store.executor);
    });
    afterAll(async () => {
      await proxy?.stop();
      await store?.drop();
    });

    it('keeps the rows while the server is unreachable and writes them all once it is back', async () => {
      if (store.config.dialect !== 'mysql') throw new Error('unreachable');
      const server = store.config.mysql;
      proxy = new TcpProxy(server.host, server.port);
      await proxy.start();
      const config = loadConfig(
        {
          dialect: 'mysql',
          mysql: { ...server, host: '127.0.0.1', port: proxy.port, pool: { connectTimeoutMs: 1_000 } },
        },
        {},
        false,
      );
      const executor = await openStore(config);
      const reports: LogWriterReport[] = [];
      const target = new ApiRequestLogWriter(executor, {
        flushIntervalMs: 50,
        retryDelayMs: 100,
        maxRetryDelayMs: 200,
        onReport: (r) => reports.push(r),
      });
      try {
        target.enqueue(apiRequestRow());
        await target.flush();
        await proxy.stop();
        for (let i = 0; i < 20; i++) target.enqueue(apiRequestRow());
        await sleep(800);
        expect(reports.some((report) => report.kind === 'retrying' && report.code === 'CONNECTION')).toBe(true);
        expect(target.stats()).toMatchObject({ buffered: 20, written: 1 });
        await proxy.start();
        // `buffered` drops to 0 as soon as a batch is taken, before it is written: wait for the write itself.
        for (let i = 0; i < 100 && target.stats().written < 21; i++) await sleep(50);
        expect(target.stats()).toMatchObject({ buffered: 0, written: 21, dropped: 0, rejected: 0 });
        expect(await countRows(store.executor, 'api_requests')).toBe(21);
      } finally {
        await target.close().catch(() => undefined);
        await executor.close();
      }
    });
  });
