/**
 * `pnpm bench busy-hour`: `getAll` pages deep inside one busy hour. BENCH_BUSY_HOUR_ROWS requests (default 600,000:
 * ~167 requests/s for an hour) are logged through the writer into one past hour, then page N is read by number
 * (N x 20 rows skipped, all inside that hour) and by the cursor of page 10,000. A page's cost comes from the rows
 * of its hour before it: the rollups only count whole hours.
 */
import type { Dialect } from '@gateway-db/schema';
import type { GatewayDb } from 'gateway-db';
import { openBenchStore } from './bench-stores.js';
import { summarize, timeIterations } from './measure.js';

const HOUR_MS = 3_600_000;
const PAGE_SIZE = 20;
const PAGES = [2, 500, 2000, 10_000] as const;
const RUNS = 7;

async function logOneHour(db: GatewayDb, rows: number, hour: number): Promise<void> {
  const body = 'x'.repeat(300);
  for (let i = 0; i < rows; i++) {
    const created_at = hour + Math.floor((i / rows) * HOUR_MS);
    db.apiRequests.create({
      created_at,
      model: `m${i % 7}`,
      status: 'success',
      request_body: body,
      response_body: body,
    });
    if (i % 2000 === 1999) await db.apiRequests.flush();
  }
  await db.apiRequests.flush();
}

async function medianMs(read: () => Promise<{ data: unknown[] }>): Promise<number> {
  const times = await timeIterations(RUNS + 1, async () => {
    const page = await read();
    if (page.data.length !== PAGE_SIZE) throw new Error(`busy-hour bench: a page of ${page.data.length} rows`);
  });
  return summarize(times.slice(1)).medianMs;
}

export async function benchBusyHour(dialect: Dialect, rows: number): Promise<(string | number)[]> {
  const store = await openBenchStore(dialect, 'busy');
  try {
    const { db } = store;
    const started = performance.now();
    await logOneHour(db, rows, Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 2 * HOUR_MS);
    const loadSeconds = (performance.now() - started) / 1000;
    const pages: number[] = [];
    for (const page of PAGES) pages.push(await medianMs(() => db.apiRequests.getAll({ page, pageSize: PAGE_SIZE })));
    const deepest = await db.apiRequests.getAll({ page: PAGES.at(-1), pageSize: PAGE_SIZE });
    const cursor = deepest.nextCursor ?? '';
    const byCursor = await medianMs(() => db.apiRequests.getAll({ cursor, pageSize: PAGE_SIZE }));
    return [dialect, rows, loadSeconds.toFixed(1), ...pages.map((ms) => ms.toFixed(2)), byCursor.toFixed(2)];
  } finally {
    await store.close();
  }
}

export const BUSY_HOUR_COLUMNS = [
  'dialect',
  'rows in the hour',
  'load s',
  ...PAGES.map((page) => `page ${page} ms`),
  `cursor after page ${PAGES.at(-1)} ms`,
];
