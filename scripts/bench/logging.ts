/**
 * Sustained `apiRequests.create` throughput with ~4 KB bodies through gateway-db's buffered writer, against the
 * bare driver's best multi-row INSERT (batch sizes tried: 50, 100, 250, 500) on the same dialect and table.
 */

import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { API_REQUEST_COLUMNS, benchRequestRow, rowValues, withId } from './bench-rows.js';
import type { BenchStore } from './bench-stores.js';

export interface LoggingResult {
  readonly dialect: string;
  readonly rows: number;
  readonly gatewayDbRowsPerSec: number;
  readonly rawBestRowsPerSec: number;
  readonly rawBestBatch: number;
  readonly dropped: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function gatewayDbRun(store: BenchStore, rows: number, _tag: string): Promise<number> {
  const { db } = store;
  const before = db.logWriterStats();
  const started = performance.now();
  for (let i = 0; i < rows; i++) {
    db.apiRequests.create(benchRequestRow(i));
    // Like a gateway's request handlers, the producer lets other callbacks (the writer's) run between requests,
    // here every 10 rows; and it keeps the writer busy without overrunning its bound (which would drop rows).
    // Before 2026-11-29 it ran up to ~500 creates in one go: every step of a flush then waited ~50 ms for the loop.
    if (i % 10 === 9) {
      await yieldToLoop();
      while (db.logWriterStats().buffered > 5000) await sleep(1);
    }
  }
  await db.apiRequests.flush();
  const seconds = (performance.now() - started) / 1000;
  const after = db.logWriterStats();
  if (after.written - before.written !== rows) {
    throw new Error(
      `bench: wrote ${after.written - before.written} of ${rows} rows (dropped ${after.dropped - before.dropped})`,
    );
  }
  return rows / seconds;
}

async function rawRun(store: BenchStore, rows: number, batch: number, tag: string): Promise<number> {
  const tuple = `(${API_REQUEST_COLUMNS.map(() => '?').join(', ')})`;
  const statementFor = (n: number) =>
    `INSERT INTO \`api_requests\` (${API_REQUEST_COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES ${Array(n).fill(tuple).join(', ')}`;
  const started = performance.now();
  if (store.raw.kind === 'sqlite') {
    const full = store.raw.db.prepare(statementFor(batch));
    for (let i = 0; i < rows; i += batch) {
      const n = Math.min(batch, rows - i);
      const values = Array.from({ length: n }, (_, j) => rowValues(withId(benchRequestRow(i + j), i + j, tag))).flat();
      (n === batch ? full : store.raw.db.prepare(statementFor(n))).run(values);
    }
  } else {
    for (let i = 0; i < rows; i += batch) {
      const n = Math.min(batch, rows - i);
      const values = Array.from({ length: n }, (_, j) => rowValues(withId(benchRequestRow(i + j), i + j, tag))).flat();
      await store.raw.pool.query(statementFor(n), values);
    }
  }
  return rows / ((performance.now() - started) / 1000);
}

export async function benchLogging(store: BenchStore, rows: number): Promise<LoggingResult> {
  let rawBest = 0;
  let rawBestBatch = 0;
  const gatewayRates: number[] = [];
  gatewayRates.push(await gatewayDbRun(store, rows, 'gw1'));
  for (const batch of [50, 100, 250, 500]) {
    const rate = await rawRun(store, rows, batch, `raw${batch}`);
    if (rate > rawBest) [rawBest, rawBestBatch] = [rate, batch];
  }
  gatewayRates.push(await gatewayDbRun(store, rows, 'gw2'));
  return {
    dialect: store.dialect,
    rows,
    gatewayDbRowsPerSec: Math.max(...gatewayRates),
    rawBestRowsPerSec: rawBest,
    rawBestBatch,
    dropped: store.db.logWriterStats().dropped,
  };
}
