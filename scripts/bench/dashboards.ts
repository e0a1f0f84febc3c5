/**
 * Dashboards benchmark: per dialect and size, log `size` requests of the last 30 days through the writer (which
 * stores them with their hourly rollups), then time every dashboard read; on SQLite, where the driver blocks the
 * event loop for the length of each statement, also measure event-loop delay while retention cleanup, dashboard
 * reads and a steady stream of new requests all run at once. Prints Markdown; asserts nothing, but says so when
 * a read's totals disagree with the rows written (a fast wrong answer is not a result).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep, setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Dialect } from '@gateway-db/schema';
import type { GatewayDb } from 'gateway-db';
import { type BenchStore, benchDialects, openBenchStore } from './bench-stores.js';
import { loadWithDriver } from './dashboard-driver-load.js';
import { openReusedStore } from './dashboard-reuse.js';
import {
  DASHBOARD_DAYS,
  DASHBOARD_LOG_WRITER,
  type DashboardFixture,
  dashboardRow,
  ExpectedTotals,
  seedDashboardFixture,
  seededRandom,
  withinLastDays,
} from './dashboard-rows.js';
import { markdownTable } from './markdown-table.js';
import { summarize, timeIterations } from './measure.js';
import { LONG_STATEMENT_MS, StatementWatch } from './statement-watch.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Timed runs per read, after one warm-up run (first-use costs: statement preparation, cold pages). */
const RUNS = 7;
/** Rows between awaited flushes while loading: keeps the writer's buffer (and memory) small. */
const FLUSH_EVERY = 5000;
const TRICKLE_ROWS = 200;
const TRICKLE_EVERY_MS = 10;
/**
 * Cleanup keeps 20 of the 30 days: it deletes about a third of the rows. A kept store already had that run, so
 * a rerun on it (BENCH_DASHBOARD_REUSE) sets BENCH_CLEANUP_KEEP_DAYS=10 to delete the next third.
 */
const KEEP_DAYS = Number(process.env.BENCH_CLEANUP_KEEP_DAYS ?? 20);
/** Watches the statements of the SQLite stores (started for the cleanup run only). */
const statements = new StatementWatch();

interface Read {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

interface ReadTiming {
  readonly name: string;
  readonly medianMs: number;
  readonly maxMs: number;
}

interface CleanupResult {
  readonly deleted: number;
  /** The longest SQLite statement on the event loop's thread, and how many took over 50 ms. */
  readonly longestStatementMs: number;
  readonly longestStatement: string;
  readonly statementsOverLimit: number;
  readonly statementsSeen: number;
  readonly seconds: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly reads: number;
  readonly trickled: number;
  /** Rows of the trickle the writer dropped (its buffer full while cleanup held the database). */
  readonly dropped: number;
}

interface SizeResult {
  readonly size: number;
  readonly loadSeconds: number;
  readonly dropped: number;
  readonly rollupRows: number;
  readonly check: string;
  readonly reads: readonly ReadTiming[];
  readonly cleanup?: CleanupResult;
}

/** The reads a dashboard makes, over fixed ranges ending at `now` so every run asks the same question. */
function dashboardReads(db: GatewayDb, fixture: DashboardFixture, now: number, knownId: string): Read[] {
  const last30d = { startTime: now - DASHBOARD_DAYS * DAY_MS, endTime: now };
  const last24h = { startTime: now - DAY_MS, endTime: now };
  const busyKey = fixture.keyIds[1] ?? '';
  return [
    { name: 'getStats 30d', run: () => db.apiRequests.getStats(last30d) },
    { name: 'getStats 24h', run: () => db.apiRequests.getStats(last24h) },
    { name: 'getModelStats 30d', run: () => db.apiRequests.getModelStats({ ...last30d, limit: 10 }) },
    { name: 'getTrend hour 24h', run: () => db.apiRequests.getTrend({ ...last24h, interval: 'hour' }) },
    { name: 'getTrend day 30d', run: () => db.apiRequests.getTrend({ ...last30d, interval: 'day' }) },
    { name: 'getTrendByKey day 30d', run: () => db.apiRequests.getTrendByKey({ ...last30d, interval: 'day' }) },
    { name: 'getAll page 1', run: () => db.apiRequests.getAll({ page: 1, pageSize: 20 }) },
    { name: 'getAll page 2000', run: () => db.apiRequests.getAll({ page: 2000, pageSize: 20 }) },
    { name: 'getAll virtualKeyId page 1', run: () => db.apiRequests.getAll({ virtualKeyId: busyKey, pageSize: 20 }) },
    { name: 'getById', run: () => db.apiRequests.getById(knownId) },
  ];
}

async function timeRead(read: Read): Promise<ReadTiming> {
  const measured = (await timeIterations(RUNS + 1, read.run)).slice(1);
  return { name: read.name, medianMs: summarize(measured).medianMs, maxMs: Math.max(...measured) };
}

/** Logs `size` requests as a gateway would (buffered creates), flushing every FLUSH_EVERY rows. */
async function load(
  db: GatewayDb,
  fixture: DashboardFixture,
  size: number,
  expected: ExpectedTotals,
): Promise<{ seconds: number; knownId: string }> {
  const random = seededRandom(size);
  const now = Date.now();
  let knownId = '';
  const started = performance.now();
  for (let i = 0; i < size; i++) {
    const row = dashboardRow(fixture, random, withinLastDays(now, random));
    expected.add(row, fixture);
    const stored = db.apiRequests.create(row);
    if (i === Math.floor(size / 2)) knownId = stored.id;
    if ((i + 1) % FLUSH_EVERY === 0) await db.apiRequests.flush();
  }
  await db.apiRequests.flush();
  return { seconds: (performance.now() - started) / 1000, knownId };
}

/** Compares what the reads report with the rows written; '' when everything agrees. */
async function checkTotals(db: GatewayDb, expected: ExpectedTotals, now: number, size: number, knownId: string) {
  const problems: string[] = [];
  const compare = (what: string, got: number, want: number) => {
    if (got !== want) problems.push(`${what} ${got} (expected ${want})`);
  };
  for (const days of [DASHBOARD_DAYS, 1]) {
    const range = { startTime: now - days * DAY_MS, endTime: now };
    const want = expected.inRange(range.startTime, range.endTime);
    const stats = await db.apiRequests.getStats(range);
    compare(`getStats ${days}d total`, stats.totalRequests, want.requests);
    compare(`getStats ${days}d successes`, stats.successfulRequests, want.successes);
    const trend = await db.apiRequests.getTrend({ ...range, interval: days === 1 ? 'hour' : 'day' });
    compare(`getTrend ${days}d sum`, sumOf(trend.map((b) => b.requestCount)), want.requests);
    const models = await db.apiRequests.getModelStats({ ...range, limit: 1000 });
    compare(`getModelStats ${days}d sum`, sumOf(models.map((m) => m.requestCount)), want.requests);
  }
  compare('getAll total', (await db.apiRequests.getAll({ pageSize: 1 })).total, size);
  const known = await db.apiRequests.getById(knownId);
  if (known?.id !== knownId) problems.push(`getById(${knownId}) returned ${known?.id ?? 'nothing'}`);
  return problems.join('; ');
}

const sumOf = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

async function rollupRowCount(store: BenchStore): Promise<number> {
  const sql = 'SELECT COUNT(*) AS n FROM api_request_rollups';
  if (store.raw.kind === 'sqlite') return (store.raw.db.prepare(sql).get() as { n: number }).n;
  const [rows] = await store.raw.pool.query(sql);
  return Number((rows as { n: number | string }[])[0]?.n ?? 0);
}

/**
 * Event-loop delay while retention cleanup runs with dashboard reads in a loop and TRICKLE_ROWS new requests
 * every TRICKLE_EVERY_MS: what the gateway's other requests would wait on SQLite. The window is the cleanup's.
 */
async function underCleanup(db: GatewayDb, fixture: DashboardFixture, reads: Read[]): Promise<CleanupResult> {
  const random = seededRandom(7);
  const droppedBefore = db.logWriterStats().dropped;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  let done = false;
  let readCount = 0;
  let trickled = 0;
  const trickle = async () => {
    while (!done) {
      for (let i = 0; i < TRICKLE_ROWS; i++) db.apiRequests.create(dashboardRow(fixture, random, Date.now()));
      trickled += TRICKLE_ROWS;
      await sleep(TRICKLE_EVERY_MS);
    }
  };
  const readLoop = async () => {
    for (let i = 0; !done; i++) {
      await reads[i % reads.length]?.run();
      readCount += 1;
      // On SQLite an uncontended read settles in microtasks only: without this, the loop would never let timers
      // (the trickle, cleanup's pause between batches) run. Dashboard requests arrive as separate events anyway.
      await yieldToLoop();
    }
  };
  // Whichever part fails stops the others, and all are awaited before the store may close.
  const stopAll = <T>(part: Promise<T>) => part.finally(() => (done = true));
  delay.enable();
  statements.start();
  const started = performance.now();
  const settled = await Promise.allSettled([
    stopAll(db.apiRequests.cleanOldRecords(KEEP_DAYS)),
    stopAll(trickle()),
    stopAll(readLoop()),
  ]);
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  const watched = statements.stop();
  for (const part of settled) if (part.status === 'rejected') throw part.reason;
  await db.apiRequests.flush();
  const [cleaned] = settled;
  const ms = (ns: number) => ns / 1e6;
  return {
    deleted: cleaned?.status === 'fulfilled' ? cleaned.value : 0,
    longestStatementMs: watched.longestMs,
    longestStatement: watched.longestWhat,
    statementsOverLimit: watched.overLimit,
    statementsSeen: watched.seen,
    seconds,
    p50Ms: ms(delay.percentile(50)),
    p99Ms: ms(delay.percentile(99)),
    maxMs: ms(delay.max),
    reads: readCount,
    trickled,
    dropped: db.logWriterStats().dropped - droppedBefore,
  };
}

/**
 * On a kept store (dashboard-reuse.ts): the reads, no load; on a SQLite copy also the cleanup run (the copy is
 * thrown away after). A MySQL database is only read, and kept as it is.
 */
async function rereadSize(target: string): Promise<SizeResult> {
  const { dialect, db, fixture, rows, knownId, close } = await openReusedStore(target);
  try {
    const reads = dashboardReads(db, fixture, Date.now(), knownId);
    const timings: ReadTiming[] = [];
    for (const read of reads) timings.push(await timeRead(read));
    const cleanup = dialect === 'sqlite' ? await underCleanup(db, fixture, reads) : undefined;
    return {
      size: rows,
      loadSeconds: Number.NaN,
      dropped: 0,
      rollupRows: Number.NaN,
      check: '',
      reads: timings,
      ...(cleanup ? { cleanup } : {}),
    };
  } finally {
    await close();
  }
}

async function benchSize(dialect: Dialect, size: number): Promise<SizeResult> {
  const driverLoad = process.env.BENCH_DASHBOARD_LOAD === 'driver';
  // Driver load: the backfill must not run (and complete) on the empty store before the rows are inserted.
  const store = await openBenchStore(dialect, 'dash', {
    logWriter: DASHBOARD_LOG_WRITER,
    ...(driverLoad ? { rollupBackfill: { automatic: false } } : {}),
  });
  try {
    const { db } = store;
    const fixture = await seedDashboardFixture(db);
    const expected = new ExpectedTotals();
    // BENCH_DASHBOARD_LOAD=driver: bare-driver INSERTs, then the backfill (dashboard-driver-load.ts).
    const loaded = driverLoad
      ? await loadWithDriver(store, fixture, size, expected)
      : await load(db, fixture, size, expected);
    const dropped = db.logWriterStats().dropped;
    const now = Date.now();
    const check = await checkTotals(db, expected, now, size, loaded.knownId);
    const reads = dashboardReads(db, fixture, now, loaded.knownId);
    const timings: ReadTiming[] = [];
    for (const read of reads) timings.push(await timeRead(read));
    const rollupRows = await rollupRowCount(store);
    const cleanup = dialect === 'sqlite' ? await underCleanup(db, fixture, reads) : undefined;
    return {
      size,
      loadSeconds: loaded.seconds,
      dropped,
      rollupRows,
      check,
      reads: timings,
      ...(cleanup ? { cleanup } : {}),
    };
  } finally {
    await store.close();
  }
}

const fixed = (n: number, digits = 1) => n.toFixed(digits);

function slowest(result: SizeResult): ReadTiming {
  return result.reads.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
}

function readsTable(results: readonly SizeResult[]): string {
  const first = results[0];
  const base = first ? slowest(first).medianMs : Number.NaN;
  const names = first?.reads.map((r) => r.name) ?? [];
  const rows: (string | number)[][] = [
    [
      'load: seconds (rows/s)',
      ...results.map((r) => `${fixed(r.loadSeconds)} (${Math.round(r.size / r.loadSeconds)})`),
    ],
    ['rows dropped by the writer', ...results.map((r) => r.dropped)],
    ['rollup rows', ...results.map((r) => r.rollupRows)],
    ['totals match the rows written', ...results.map((r) => (r.check === '' ? 'yes' : `NO: ${r.check}`))],
    ...names.map((name, i) => [
      `${name}: median / max ms`,
      ...results.map(
        (r) => `${fixed(r.reads[i]?.medianMs ?? Number.NaN, 2)} / ${fixed(r.reads[i]?.maxMs ?? Number.NaN, 2)}`,
      ),
    ]),
    [
      'slowest read (median) / slowest at the smallest size',
      ...results.map((r) => `${fixed(slowest(r).medianMs / base, 2)}x (${slowest(r).name})`),
    ],
  ];
  return markdownTable(['', ...results.map((r) => `${r.size} rows`)], rows);
}

function cleanupTable(results: readonly SizeResult[]): string {
  const withCleanup = results.filter((r) => r.cleanup);
  const cell = (pick: (c: CleanupResult) => string | number) =>
    withCleanup.map((r) => (r.cleanup ? pick(r.cleanup) : '-'));
  return markdownTable(
    ['', ...withCleanup.map((r) => `${r.size} rows`)],
    [
      [`rows deleted by cleanOldRecords(${KEEP_DAYS})`, ...cell((c) => c.deleted)],
      ['cleanup seconds', ...cell((c) => fixed(c.seconds, 2))],
      ['event-loop delay p50 ms', ...cell((c) => fixed(c.p50Ms))],
      ['event-loop delay p99 ms', ...cell((c) => fixed(c.p99Ms))],
      ['event-loop delay max ms', ...cell((c) => fixed(c.maxMs))],
      [
        'longest statement holding the loop, ms (what)',
        ...cell((c) => `${fixed(c.longestStatementMs)} (${c.longestStatement})`),
      ],
      [
        `statements over ${LONG_STATEMENT_MS} ms / all`,
        ...cell((c) => `${c.statementsOverLimit} / ${c.statementsSeen}`),
      ],
      ['dashboard reads completed', ...cell((c) => c.reads)],
      ['rows logged meanwhile', ...cell((c) => c.trickled)],
      ['of which dropped by the writer', ...cell((c) => c.dropped)],
    ],
  );
}

export async function runDashboardsBench(sizes: readonly number[]): Promise<void> {
  console.log(
    `## Dashboards: reads over ${DASHBOARD_DAYS} days of logged requests (ms; ${RUNS} runs after a warm-up)\n`,
  );
  const reuse = process.env.BENCH_DASHBOARD_REUSE;
  if (reuse) {
    const result = await rereadSize(reuse);
    console.log(`### reads again on the kept store ${reuse} (${result.size} rows)\n`);
    console.log(readsTable([result]), '\n');
    if (result.cleanup) console.log(cleanupTable([result]), '\n');
    return;
  }
  for (const dialect of benchDialects()) {
    const results: SizeResult[] = [];
    for (const size of sizes) {
      const result = await benchSize(dialect, size);
      results.push(result);
      // A line per size as it finishes: the big sizes take minutes.
      console.log(
        `${dialect}, ${size} rows: loaded in ${fixed(result.loadSeconds)} s, ${result.dropped} dropped, ` +
          `slowest read ${slowest(result).name} ${fixed(slowest(result).medianMs, 2)} ms.\n`,
      );
    }
    console.log(`### ${dialect}\n`);
    console.log(readsTable(results), '\n');
    if (dialect === 'sqlite') {
      console.log(
        `### ${dialect}: event loop while cleanOldRecords(${KEEP_DAYS}) runs with a loop of the reads above and ` +
          `${TRICKLE_ROWS} new requests every ${TRICKLE_EVERY_MS} ms (target: p99 <= 50 ms)\n`,
      );
      console.log(
        'monitorEventLoopDelay({ resolution: 10 }) values as reported: they include the 10 ms sampling interval ' +
          '(an idle loop reads ~10 ms).\n',
      );
      console.log(cleanupTable(results), '\n');
    }
  }
}
