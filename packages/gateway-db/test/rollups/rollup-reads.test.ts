/**
 * Dashboards read rollups for whole hours, raw rows at the edges, and raw rows the backfill has not reached:
 * for random rows (written by the log writer, or stored unrolled as a legacy import leaves them, then partly
 * backfilled) and random ms ranges, every dashboard read equals a scan of the rows computed here, on both dialects.
 */
import { testDialects } from '@gateway-db/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrmContext } from '../../src/orm/orm-context.js';
import type { NewApiRequestInput } from '../../src/repositories/index.js';
import { backfillStep } from '../../src/rollups/rollup-backfill-batch.js';
import { byteOrder } from '../properties/support/hostile-text.js';
import { aKey, aProvider } from '../repositories/support/fixtures.js';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';
import { type ScannedRow, scanModels, scanStats, scanTrend } from './support/raw-scan.js';

const HOUR = 3_600_000;
/** A UTC midnight; rows fall in the 50 hours after it. */
const T0 = Date.UTC(2026, 2, 1);
const SPAN = 50 * HOUR;

const STATUSES = ['success', 'error', 'Success', 'success ', 'ERROR', null];
// A model longer than any index (4,000 bytes), case and space variants, none; and one of exactly 200 bytes that is
// the prefix of one of 201 (MySQL groups raw rows by the bytes of a model up to 200 bytes, by the sha256 beyond).
const MODELS = ['gpt-4o', 'GPT-4o', 'gpt-4o ', '模型', 'x'.repeat(4000), 'm'.repeat(200), `${'m'.repeat(200)}n`, null];

function rowArb(keys: readonly (string | null)[], providers: readonly (string | null)[]) {
  const tokens = fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constant(null), fc.constant(2e12));
  return fc.record({
    created_at: fc.oneof(
      fc.integer({ min: T0, max: T0 + SPAN }),
      // On and next to hour boundaries.
      fc.integer({ min: 0, max: 50 }).chain((h) => fc.constantFrom(T0 + h * HOUR, T0 + h * HOUR - 1)),
    ),
    virtual_key_id: fc.constantFrom(...keys),
    provider_id: fc.constantFrom(...providers),
    model: fc.constantFrom(...MODELS),
    status: fc.constantFrom(...STATUSES),
    prompt_tokens: tokens,
    completion_tokens: tokens,
    total_tokens: tokens,
    cache_hit: fc.boolean(),
    response_time: fc.oneof(fc.integer({ min: 1, max: 9000 }), fc.constant(null), fc.double({ min: 0, max: 1e3 })),
    // Stored unrolled (as a legacy import or an older build leaves rows), for the backfill to find.
    unrolled: fc.boolean(),
  });
}

/** A range edge: anywhere, on or next to an hour boundary, or exactly at a row's time. */
function edgeArb(rowTimes: readonly number[]) {
  const choices = [
    fc.integer({ min: T0 - HOUR, max: T0 + SPAN + HOUR }),
    fc.integer({ min: -1, max: 51 }).chain((h) => fc.constantFrom(T0 + h * HOUR - 1, T0 + h * HOUR, T0 + h * HOUR + 1)),
  ];
  if (rowTimes.length > 0) choices.push(fc.constantFrom(...rowTimes));
  return fc.oneof(...choices);
}

function rangesArb(rowTimes: readonly number[]) {
  const range = fc
    .tuple(edgeArb(rowTimes), edgeArb(rowTimes))
    .map(([a, b]) => ({ startTime: Math.min(a, b), endTime: Math.max(a, b) }));
  return fc.array(range, { minLength: 1, maxLength: 4 });
}

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

describe.each(testDialects())('dashboards from rollups equal a raw scan on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());

  it('for random rows, backfill progress and ms ranges', async () => {
    await store.reset();
    const keyA = (await aKey(store.repos, 'vk_a', { id: 'key-a', name: 'A' })).id;
    const keyB = (await aKey(store.repos, 'vk_b', { id: 'key-b', name: 'B' })).id;
    const silent = (await aKey(store.repos, 'vk_s', { id: 'key-s', disable_logging: true })).id;
    const openai = (await aProvider(store.repos, { id: 'p-openai', name: 'OpenAI' })).id;
    // Ids beyond MySQL's short grouping keys (200 bytes): two that differ only after 300 bytes, and one of exactly
    // 200 bytes that is the prefix of one of 201.
    const longIds = [`p-${'x'.repeat(300)}A`, `p-${'x'.repeat(300)}B`, 'q'.repeat(200), `${'q'.repeat(200)}r`];
    for (const [i, id] of longIds.entries()) await aProvider(store.repos, { id, name: `Long ${i}` });
    const keys = [keyA, keyB, silent, null];
    const providers = [openai, ...longIds, null];
    const ctx = createOrmContext(store.executor);
    const { apiRequests, apiRequestRollups, apiRequestModels, apiRequestRollupState } = ctx.tables;
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(rowArb(keys, providers), { minLength: 0, maxLength: 60 })
          .chain((rows) => fc.tuple(fc.constant(rows), rangesArb(rows.map((row) => row.created_at)))),
        // A few steps, or until complete (edges are then read as their hour's rollup minus the rows outside).
        fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constant(Number.POSITIVE_INFINITY)),
        fc.integer({ min: 1, max: 25 }),
        async ([rows, ranges], backfillSteps, batchRows) => {
          for (const table of [apiRequests, apiRequestRollups, apiRequestModels, apiRequestRollupState]) {
            await ctx.client.delete(table);
          }
          const stored: ScannedRow[] = [];
          for (const [i, { unrolled, ...generated }] of rows.entries()) {
            const id = `r${String(i).padStart(3, '0')}`;
            // The writer stores a NaN time as unknown (value-rules.ts); a bare INSERT of NaN is refused by MySQL
            // (1264) and stored as NULL by SQLite, so a row stored unrolled holds NULL, as a legacy file would.
            const nan = unrolled && Number.isNaN(generated.response_time);
            const row = nan ? { ...generated, response_time: null } : generated;
            if (unrolled) await ctx.client.insert(apiRequests).values({ ...row, id, rolled_up: false });
            else store.repos.apiRequests.create({ ...row, id } satisfies NewApiRequestInput);
            stored.push({ ...row, id });
          }
          await store.repos.apiRequests.flush();
          for (let i = 0; i < backfillSteps; i++) {
            if ((await backfillStep(ctx, batchRows)).complete) break;
          }
          const silenced = new Set([silent]);
          const names = new Map([[openai, 'OpenAI'], ...longIds.map((id, i): [string, string] => [id, `Long ${i}`])]);
          for (const range of ranges) {
            const expected = scanStats(stored, range, silenced);
            const stats = await store.repos.apiRequests.getStats(range);
            expect({ ...stats, avgResponseTime: 0 }).toEqual({ ...expected, avgResponseTime: 0 });
            expect(close(stats.avgResponseTime, expected.avgResponseTime)).toBe(true);
            for (const interval of ['hour', 'day'] as const) {
              expect(await store.repos.apiRequests.getTrend({ ...range, interval })).toEqual(
                scanTrend(stored, range, interval, silenced),
              );
              const byKey = await store.repos.apiRequests.getTrendByKey({ ...range, interval });
              for (const series of byKey) {
                const own = stored.filter((row) => row.virtual_key_id === series.virtualKeyId);
                expect(series.data).toEqual(scanTrend(own, range, interval, silenced));
              }
              const keysSeen = new Set(
                stored
                  .filter((row) => row.created_at >= range.startTime && row.created_at <= range.endTime)
                  .map((row) => row.virtual_key_id)
                  .filter((key): key is string => key !== null && !silenced.has(key)),
              );
              expect(byKey.map((series) => series.virtualKeyId).sort()).toEqual([...keysSeen].sort());
            }
            const models = await store.repos.apiRequests.getModelStats({ ...range, limit: 1000 });
            const expectedModels = scanModels(stored, range, silenced, names);
            const order = (a: { model: string | null; providerName: string | null }, b: typeof a) =>
              byteOrder(a.model ?? '', b.model ?? '') || byteOrder(a.providerName ?? '', b.providerName ?? '');
            const strip = (list: typeof models) => [...list].sort(order).map(({ avgResponseTime: _, ...rest }) => rest);
            expect(strip(models)).toEqual(strip(expectedModels));
          }
        },
      ),
      { numRuns: dialect === 'sqlite' ? 40 : 20 },
    );
  });

  it('keeps providers apart whose ids share their first 200 bytes or more', async () => {
    await store.reset();
    const ids = [`p-${'x'.repeat(300)}A`, `p-${'x'.repeat(300)}B`, 'q'.repeat(200), `${'q'.repeat(200)}r`];
    for (const [i, id] of ids.entries()) await aProvider(store.repos, { id, name: `Long ${i}` });
    // Rows of every provider, with one model, over two whole days and the partial hours around them.
    for (let h = 0; h < 60; h++) {
      for (const [i, provider_id] of ids.entries()) {
        for (let n = 0; n <= i; n++) {
          store.repos.apiRequests.create({ created_at: T0 + h * HOUR + 7, provider_id, model: 'm', status: 'success' });
        }
      }
    }
    await store.repos.apiRequests.flush();
    const models = await store.repos.apiRequests.getModelStats({
      startTime: T0 + 1_000,
      endTime: T0 + 59 * HOUR + 1_000,
      limit: 10,
    });
    expect(models.map(({ providerName, requestCount }) => ({ providerName, requestCount }))).toEqual([
      { providerName: 'Long 3', requestCount: 4 * 59 },
      { providerName: 'Long 2', requestCount: 3 * 59 },
      { providerName: 'Long 1', requestCount: 2 * 59 },
      { providerName: 'Long 0', requestCount: 59 },
    ]);
  });

  it("stays exact for ranges ending now, read from the current hour's rollup minus what came after", async () => {
    await store.reset();
    const now = Date.now();
    const stored: ScannedRow[] = [];
    // Two hours of requests up to now, and a few stamped a little in the future (clock skew between gateways).
    for (let ago = -90_000; ago < 2 * HOUR; ago += 45_000) {
      const row = { created_at: now - ago, model: 'm', status: ago % 4 === 0 ? 'error' : 'success', total_tokens: 7 };
      stored.push({ ...store.repos.apiRequests.create(row) } as ScannedRow);
    }
    await store.repos.apiRequests.flush();
    const ctx = createOrmContext(store.executor);
    while (!(await backfillStep(ctx, 100)).complete) {
      // nothing to backfill: every row came through the writer; this records completeness
    }
    for (const range of [
      { startTime: now - HOUR, endTime: now },
      { startTime: now - 24 * HOUR, endTime: now },
      { startTime: now - 5 * 60_000, endTime: now + 60_000 },
      { startTime: Math.floor(now / HOUR) * HOUR + 1, endTime: now - 1 },
    ]) {
      expect(await store.repos.apiRequests.getStats(range)).toEqual(scanStats(stored, range, new Set()));
    }
  });
});
