/**
 * The rollup backfill on a store that holds rows without rollups (a store older than the rollups, a legacy
 * import): rows inserted with the bare driver (rolled_up = 0), then `db.backfillRollups()` timed while a key
 * lookup loop runs, with the event loop's delay sampled (on SQLite each backfill step holds it).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Dialect } from '@gateway-db/schema';
import { benchRequestRow, insertWithDriver } from './bench-rows.js';
import { openBenchStore } from './bench-stores.js';
import { summarize } from './measure.js';

export interface BackfillResult {
  readonly rows: number;
  readonly loadSeconds: number;
  readonly backfillSeconds: number;
  readonly loopDelayP99Ms: number;
  readonly loopDelayMaxMs: number;
  readonly lookupP99Ms: number;
  readonly countedRequests: number;
}

const PER_INSERT = 500;
const DAY_MS = 86_400_000;

export async function benchBackfill(dialect: Dialect, rows: number): Promise<BackfillResult> {
  // BENCH_BACKFILL_BATCH: rows per step (default: gateway-db's, per dialect).
  const batchRows = process.env.BENCH_BACKFILL_BATCH ? Number(process.env.BENCH_BACKFILL_BATCH) : undefined;
  const rollupBackfill = { automatic: false, ...(batchRows ? { batchRows } : {}) };
  const store = await openBenchStore(dialect, 'backfill', { rollupBackfill });
  try {
    const { db, raw } = store;
    const key = await db.virtualKeys.create({ key_value: 'vk_backfill_bench', key_hash: 'h', name: 'bench' });
    const now = Date.now();
    const loadStarted = performance.now();
    for (let start = 0; start < rows; start += PER_INSERT) {
      const chunk = [];
      for (let i = start; i < Math.min(rows, start + PER_INSERT); i++) {
        chunk.push({ ...benchRequestRow(i, 256, now - Math.floor((i / rows) * 30 * DAY_MS)), id: `bf${i}` });
      }
      await insertWithDriver(raw, chunk);
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;

    const delay = monitorEventLoopDelay({ resolution: 10 });
    const lookups: number[] = [];
    let backfilling = true;
    const lookupLoop = (async () => {
      while (backfilling) {
        const started = performance.now();
        await db.virtualKeys.getByKeyValue(key.key_value);
        lookups.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    delay.enable();
    const started = performance.now();
    await db.backfillRollups();
    const backfillSeconds = (performance.now() - started) / 1000;
    backfilling = false;
    await lookupLoop;
    delay.disable();
    const stats = await db.apiRequests.getStats({ startTime: now - 31 * DAY_MS, endTime: now });
    return {
      rows,
      loadSeconds,
      backfillSeconds,
      loopDelayP99Ms: delay.percentile(99) / 1e6,
      loopDelayMaxMs: delay.max / 1e6,
      lookupP99Ms: summarize(lookups).p99Ms,
      countedRequests: stats.totalRequests,
    };
  } finally {
    await store.close();
  }
}
