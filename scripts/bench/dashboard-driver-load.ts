/**
 * The fast way to fill the dashboards benchmark's store at big sizes: the same generated rows, in time order as a
 * gateway logs them (random times made every index insert land on a random page: the 2M-row load crawled at
 * ~6,000 rows/s), inserted with the
 * bare driver (500 per INSERT, `rolled_up` left false, as an older store or a legacy import holds them), then
 * counted into the rollups by gateway-db's backfill. The end state is the writer's (rows plus exact rollups), in
 * a fraction of the time; `BENCH_DASHBOARD_LOAD=driver` selects it.
 */
import type { GatewayDb } from 'gateway-db';
import { insertWithDriver } from './bench-rows.js';
import type { BenchStore } from './bench-stores.js';
import {
  type DashboardFixture,
  dashboardRow,
  type ExpectedTotals,
  inTimeOrder,
  seededRandom,
} from './dashboard-rows.js';

const PER_INSERT = 500;

/**
 * Ids that sort like the rows' times, as the writer's time-ordered ids do: InnoDB stores rows in id order, so
 * unpadded ids (`d10` before `d9`) put each row of an hour on a page of its own, and a raw edge of 4,792 rows read
 * 4,813 pages from disk each time (the 30-day reads took ~575 ms at 10M rows; ~14-28 ms with these ids).
 */
const loadId = (i: number) => `d${i.toString(36).padStart(8, '0')}`;

export async function loadWithDriver(
  store: BenchStore,
  fixture: DashboardFixture,
  size: number,
  expected: ExpectedTotals,
): Promise<{ seconds: number; backfillSeconds: number; knownId: string }> {
  const { raw } = store;
  const db: GatewayDb = store.db;
  const random = seededRandom(size);
  const now = Date.now();
  const started = performance.now();
  for (let first = 0; first < size; first += PER_INSERT) {
    const chunk = [];
    for (let i = first; i < Math.min(size, first + PER_INSERT); i++) {
      const row = { ...dashboardRow(fixture, random, inTimeOrder(now, i, size, random)), id: loadId(i) };
      expected.add(row, fixture);
      chunk.push(row);
    }
    await insertWithDriver(raw, chunk);
  }
  const inserted = performance.now();
  await db.backfillRollups();
  const done = performance.now();
  return {
    seconds: (done - started) / 1000,
    backfillSeconds: (done - inserted) / 1000,
    knownId: loadId(Math.floor(size / 2)),
  };
}
