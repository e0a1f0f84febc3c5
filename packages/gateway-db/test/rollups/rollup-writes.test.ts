/**
 * The rollups are maintained exactly once: by the log writer in the same transaction as its rows (a refused row
 * is not counted, a retried batch whose COMMIT answer was lost is not counted twice), by several writers at once
 * (each on its own rollup rows: no lock waits, no deadlocks), and by the backfill (two backfillers at once count
 * each row once). Retention deletes rows, never their rollups.
 */

import type { SqlExecutor } from '@gateway-db/core/dialect/sql-executor.js';
import { GatewayDbError } from '@gateway-db/core/errors.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { testDialects } from '@gateway-db/test-support';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiRequestLogWriter, type LogWriterReport } from '../../src/log-writer.js';
import { createOrmContext, type OrmContext } from '../../src/orm/orm-context.js';
import { createRepositories } from '../../src/repositories/index.js';
import { backfillStep } from '../../src/rollups/rollup-backfill-batch.js';
import { readRollupState } from '../../src/rollups/rollup-state.js';
import { apiRequestRow, insertVirtualKey } from '../helpers/rows.js';
import { createTestStore, type TestStore } from '../helpers/test-store.js';

const HOUR = 3_600_000;

/** Rows in api_requests and what the rollups count, summed over everything. */
async function totals(ctx: OrmContext) {
  const { apiRequests: r, apiRequestRollups: u } = ctx.tables;
  const [rows] = await ctx.client
    .select({ n: sql<unknown>`COUNT(*)`, tokens: sql<unknown>`SUM(${r.total_tokens})` })
    .from(r);
  // Every row is counted once per period: in its hour and in its day. Both must agree with the rows.
  const rolledUp = async (periodMs: number) => {
    const [rolled] = await ctx.client
      .select({ n: sql<unknown>`SUM(${u.requests})`, tokens: sql<unknown>`SUM(${u.total_tokens})` })
      .from(u)
      .where(eq(u.period_ms, periodMs));
    return { n: Number(rolled?.n ?? 0), tokens: Number(rolled?.tokens ?? 0) };
  };
  const [hourly, daily] = await Promise.all([rolledUp(HOUR), rolledUp(86_400_000)]);
  expect(daily).toEqual(hourly);
  return {
    rows: Number(rows?.n ?? 0),
    rowTokens: Number(rows?.tokens ?? 0),
    rolledUp: hourly.n,
    rolledUpTokens: hourly.tokens,
  };
}

/** An executor whose first N transactions commit but then report a lost connection (the COMMIT's answer lost). */
function losingCommitAnswers(executor: SqlExecutor, times: number): SqlExecutor {
  let left = times;
  return {
    dialect: executor.dialect,
    all: (text, params) => executor.all(text, params),
    get: (text, params) => executor.get(text, params),
    values: (text, params) => executor.values(text, params),
    prepareGet: (text, decode) => executor.prepareGet(text, decode),
    run: (text, params) => executor.run(text, params),
    async transaction(fn) {
      const result = await executor.transaction(fn);
      if (left-- > 0) throw new GatewayDbError({ code: 'CONNECTION', message: 'connection lost after COMMIT (test)' });
      return result;
    },
    close: () => executor.close(),
  };
}

describe.each(testDialects())('rollups are kept exactly once on %s', (dialect) => {
  let store: TestStore;
  let ctx: OrmContext;
  let reports: LogWriterReport[];

  beforeAll(async () => {
    store = await createTestStore(dialect, 'rollupwrites');
    await applyMigrations(store.executor);
    await insertVirtualKey(store.executor, 'vk-1', 'vk_value_1');
    ctx = createOrmContext(store.executor);
  });
  beforeEach(async () => {
    reports = [];
    for (const table of ['api_requests', 'api_request_rollups', 'api_request_models', 'api_request_rollup_state']) {
      await store.executor.run(`DELETE FROM \`${table}\``);
    }
  });
  afterAll(() => store?.drop());

  const writer = (executor: SqlExecutor = store.executor, options = {}) =>
    new ApiRequestLogWriter(executor, { onReport: (r) => reports.push(r), retryDelayMs: 5, ...options });

  it('counts the rows of a batch and not the rows the database refused', async () => {
    const target = writer();
    for (let i = 0; i < 50; i++) target.enqueue(apiRequestRow({ virtual_key_id: 'vk-1', total_tokens: 3 }));
    // A duplicate id: refused alone, not counted. A key that does not exist is no reason to refuse (issue 11.6).
    const first = apiRequestRow({ total_tokens: 1000 });
    target.enqueue(first);
    target.enqueue({ ...first, total_tokens: 1000 });
    target.enqueue(apiRequestRow({ virtual_key_id: 'no-such-key', total_tokens: 1000 }));
    await target.close();
    expect(target.stats()).toMatchObject({ written: 52, rejected: 1 });
    expect(await totals(ctx)).toEqual({ rows: 52, rowTokens: 2150, rolledUp: 52, rolledUpTokens: 2150 });
  });

  it('does not count a retried batch twice when the answer to its COMMIT was lost', async () => {
    const target = writer(losingCommitAnswers(store.executor, 2), { maxBatchRows: 64 });
    for (let i = 0; i < 200; i++) target.enqueue(apiRequestRow({ total_tokens: 2 }));
    await target.flush().catch(() => undefined);
    await target.flush().catch(() => undefined);
    await target.close();
    expect(reports.filter((r) => r.kind === 'retrying').length).toBe(2);
    expect(target.stats()).toMatchObject({ written: 200, rejected: 0, buffered: 0 });
    expect(await totals(ctx)).toEqual({ rows: 200, rowTokens: 400, rolledUp: 200, rolledUpTokens: 400 });
  });

  it('lets several writers log at once without waits, deadlocks or lost counts', async () => {
    const writers = [writer(), writer(), writer()];
    const perWriter = 3000;
    // Same hour, same key, model and status: without per-writer rollup rows they would all update one row.
    const at = Date.UTC(2026, 5, 1, 10);
    await Promise.all(
      writers.map(async (target) => {
        for (let i = 0; i < perWriter; i++) {
          target.enqueue(apiRequestRow({ created_at: at + (i % 1000), virtual_key_id: 'vk-1', total_tokens: 1 }));
          if (i % 250 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await target.close();
      }),
    );
    expect(reports.filter((r) => r.kind !== 'repaired')).toEqual([]);
    expect(await totals(ctx)).toEqual({
      rows: 3 * perWriter,
      rowTokens: 3 * perWriter,
      rolledUp: 3 * perWriter,
      rolledUpTokens: 3 * perWriter,
    });
  });

  it('backfills rows stored without rollups, once, even with two backfillers at once', async () => {
    const { apiRequests } = ctx.tables;
    const start = Date.UTC(2026, 4, 1);
    for (let chunk = 0; chunk < 10; chunk++) {
      const rows = Array.from({ length: 100 }, (_, i) => ({
        ...apiRequestRow({ created_at: start + (chunk * 100 + i) * 60_000, total_tokens: 5 }),
        rolled_up: false,
      }));
      await ctx.client.insert(apiRequests).values(rows);
    }
    // Two stores' worth of backfillers: each on its own context, stepping at once until both see it complete.
    const other = createOrmContext(store.executor);
    const run = async (mine: OrmContext) => {
      for (let step = 0; step < 200; step++) {
        try {
          if ((await backfillStep(mine, 37)).complete) return;
        } catch (error) {
          // Taking turns may fail a step with a retryable error; the next step retries.
          if (!(error instanceof GatewayDbError) || !['BUSY', 'TIMEOUT'].includes(error.code)) throw error;
        }
      }
      throw new Error('backfill did not complete');
    };
    await Promise.all([run(ctx), run(other)]);
    expect(await readRollupState(ctx)).toMatchObject({ backfilledFrom: null, complete: true });
    expect(await totals(ctx)).toEqual({ rows: 1000, rowTokens: 5000, rolledUp: 1000, rolledUpTokens: 5000 });
  });

  it('keeps the rollups of cleaned rows: whole hours of a cleaned range still show their numbers', async () => {
    const repos = createRepositories(ctx, writer());
    const old = Math.floor((Date.now() - 40 * 86_400_000) / HOUR) * HOUR;
    for (let i = 0; i < 30; i++)
      repos.apiRequests.create({ created_at: old + i * 1000, total_tokens: 4, status: 'success' });
    // Stored unrolled (the backfill has not reached it): retention must keep it until it has.
    await ctx.client
      .insert(ctx.tables.apiRequests)
      .values({ ...apiRequestRow({ created_at: old + 5 }), rolled_up: false });
    await repos.apiRequests.flush();
    const range = { startTime: old, endTime: old + HOUR - 1 };
    const before = await repos.apiRequests.getStats(range);
    expect(before.totalRequests).toBe(31);
    expect(await repos.apiRequests.cleanOldRecords(30)).toBe(30);
    expect((await totals(ctx)).rows).toBe(1);
    await backfillStep(ctx, 1000);
    expect(await repos.apiRequests.getStats(range)).toEqual(before);
    expect(await repos.apiRequests.cleanOldRecords(30)).toBe(1);
    expect(await repos.apiRequests.getStats(range)).toEqual(before);
    expect(await repos.apiRequests.cleanOldRollups(30)).toBeGreaterThan(0);
    expect((await repos.apiRequests.getStats(range)).totalRequests).toBe(0);
  });
});
