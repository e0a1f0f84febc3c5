/**
 * `pnpm bench [hot-path] [logging] [disk] [migration] [dashboards] [backfill] [busy-hour]`: prints measured numbers
 * as Markdown, the format of docs/benchmarks.md. Without arguments every section runs except `dashboards`,
 * `backfill` and `busy-hour`, which take minutes at their default sizes and so run only when named. MySQL runs when MYSQL_HOST or MYSQL_URL
 * is set (a `gwbench_*` database is created and dropped). Sizes: BENCH_HOT_PATH_ITERATIONS (20000),
 * BENCH_LOG_ROWS (20000), BENCH_DISK_REQUESTS (24000), BENCH_DASHBOARD_SIZES (comma-separated row counts,
 * 200000,2000000), BENCH_DASHBOARD_LOAD (`writer`, or `driver`: bare INSERTs then the backfill, for big sizes),
 * BENCH_BACKFILL_ROWS (1000000), BENCH_BUSY_HOUR_ROWS (600000). BENCH_KEEP_DATABASE=1 keeps the MySQL database or SQLite file of a run;
 * BENCH_DASHBOARD_REUSE=<database, or file ending in .sqlite> times the dashboard reads again on it (no load; on a
 * copy of a SQLite file also the cleanup run, BENCH_CLEANUP_KEEP_DAYS days kept, default 20).
 */
import { arch, cpus, totalmem } from 'node:os';
import { benchDialects, openBenchStore } from './bench/bench-stores.js';
import { gatewayDbWrites, legacySqlJsWrites, REQUESTS } from './bench/disk-writes.js';
import { benchHotPath } from './bench/hot-path.js';
import { benchLogging } from './bench/logging.js';
import { markdownTable } from './bench/markdown-table.js';
import { formatBytes } from './bench/measure.js';

const wanted = new Set(process.argv.slice(2).filter((a) => !a.startsWith('-')));
const runs = (name: string) => wanted.size === 0 || wanted.has(name);
const envInt = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const fixed = (n: number, digits = 3) => n.toFixed(digits);

console.log(`# gateway-db benchmarks\n`);
console.log(
  `Node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? arch()}, ${formatBytes(totalmem())} RAM, ${new Date().toISOString()}\n`,
);

if (runs('hot-path')) {
  const iterations = envInt('BENCH_HOT_PATH_ITERATIONS', 20_000);
  const rows = [];
  for (const dialect of benchDialects()) {
    const store = await openBenchStore(dialect, 'hot');
    try {
      const r = await benchHotPath(store, dialect === 'mysql' ? Math.ceil(iterations / 4) : iterations);
      rows.push([
        dialect,
        r.gatewayDb.samples,
        fixed(r.raw.medianMs),
        fixed(r.gatewayDb.medianMs),
        `${fixed(r.gatewayDb.medianMs / r.raw.medianMs, 2)}x`,
        fixed(r.raw.p99Ms),
        fixed(r.gatewayDb.p99Ms),
        `${fixed(r.gatewayDb.p99Ms / r.raw.p99Ms, 2)}x`,
      ]);
    } finally {
      await store.close();
    }
  }
  console.log(
    '## Hot path: getByKeyValue + models.getById + providers.getById (ms per request; target: median <= 1.15x raw)\n',
  );
  console.log(
    markdownTable(
      ['dialect', 'samples', 'raw median', 'gateway-db median', 'ratio', 'raw p99', 'gateway-db p99', 'ratio'],
      rows,
    ),
    '\n',
  );
}

if (runs('logging')) {
  const count = envInt('BENCH_LOG_ROWS', 20_000);
  const rows = [];
  for (const dialect of benchDialects()) {
    const store = await openBenchStore(dialect, 'log');
    try {
      const r = await benchLogging(store, count);
      rows.push([
        dialect,
        r.rows,
        Math.round(r.rawBestRowsPerSec),
        r.rawBestBatch,
        Math.round(r.gatewayDbRowsPerSec),
        `${fixed(r.gatewayDbRowsPerSec / r.rawBestRowsPerSec, 2)}x`,
        r.dropped,
      ]);
    } finally {
      await store.close();
    }
  }
  console.log(
    '## Logging: sustained apiRequests.create, ~4 KB bodies (rows/s; target: >= 0.8x the best raw multi-row INSERT)\n',
  );
  console.log(
    markdownTable(['dialect', 'rows', 'raw best rows/s', 'raw batch', 'gateway-db rows/s', 'ratio', 'dropped'], rows),
    '\n',
  );
}

if (runs('disk')) {
  const requests = envInt('BENCH_DISK_REQUESTS', REQUESTS);
  const legacy = await legacySqlJsWrites(requests);
  const rows: (string | number)[][] = [[legacy.approach, formatBytes(legacy.bytesWritten), '-']];
  const notes: string[] = [];
  for (const dialect of benchDialects()) {
    const store = await openBenchStore(dialect, 'disk');
    try {
      const r = await gatewayDbWrites(store, requests);
      rows.push([
        r.approach,
        formatBytes(r.bytesWritten),
        `${fixed(100 * (1 - r.bytesWritten / legacy.bytesWritten), 2)}% less`,
      ]);
      if (r.breakdown) notes.push(`${r.approach}: ${r.breakdown}.`);
    } finally {
      await store.close();
    }
  }
  console.log(
    `## Disk writes while logging ${requests} requests with ~4 KB bodies (target: >= 98% less than legacy)\n`,
  );
  console.log(`Legacy file at the end: ${formatBytes(legacy.finalFileBytes ?? 0)}.\n`);
  console.log(markdownTable(['approach', 'bytes written', 'reduction'], rows), '\n');
  for (const note of notes) console.log(`${note}\n`);
}

if (runs('migration')) {
  const { runMigrationBench } = await import('./bench/migration.js');
  await runMigrationBench();
}

if (wanted.has('dashboards')) {
  const sizes = (process.env.BENCH_DASHBOARD_SIZES ?? '200000,2000000').split(',').map((size) => Number(size.trim()));
  const { runDashboardsBench } = await import('./bench/dashboards.js');
  await runDashboardsBench(sizes);
}

if (wanted.has('busy-hour')) {
  const rows = envInt('BENCH_BUSY_HOUR_ROWS', 600_000);
  const { benchBusyHour, BUSY_HOUR_COLUMNS } = await import('./bench/busy-hour.js');
  const results = [];
  for (const dialect of benchDialects()) results.push(await benchBusyHour(dialect, rows));
  console.log('## getAll deep inside one busy hour (median of 7 reads after a warm-up, 20 rows a page)\n');
  console.log(markdownTable(BUSY_HOUR_COLUMNS, results), '\n');
}

if (wanted.has('backfill')) {
  const rows = envInt('BENCH_BACKFILL_ROWS', 1_000_000);
  const { benchBackfill } = await import('./bench/backfill.js');
  const results = [];
  for (const dialect of benchDialects()) {
    const r = await benchBackfill(dialect, dialect === 'mysql' ? Math.ceil(rows / 5) : rows);
    results.push([
      dialect,
      r.rows,
      fixed(r.backfillSeconds, 1),
      Math.round(r.rows / r.backfillSeconds),
      fixed(r.loopDelayP99Ms, 1),
      fixed(r.loopDelayMaxMs, 1),
      fixed(r.lookupP99Ms, 2),
      r.countedRequests === r.rows ? 'yes' : `NO (${r.countedRequests})`,
    ]);
  }
  console.log(
    '## Rollup backfill of rows stored without rollups, with a key lookup loop running (event-loop delay sampled every 10 ms)\n',
  );
  console.log(
    markdownTable(
      [
        'dialect',
        'rows',
        'seconds',
        'rows/s',
        'loop delay p99 ms',
        'loop delay max ms',
        'lookup p99 ms',
        'all counted',
      ],
      results,
    ),
    '\n',
  );
}
