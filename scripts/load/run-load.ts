/**
 * Load test of the example gateway (loopback only, bounded in time and count).
 *
 *   pnpm tsx --conditions=source scripts/load/run-load.ts --dialect sqlite|mysql [--clients 200] [--seconds 60]
 *     [--max-requests 2000000] [--cleanup-rows 1000000] [--pool 10]
 *
 * Starts the gateway as a child process on a fresh store (its own fake upstream, 20 ms latency), drives it with
 * N keep-alive clients, and prints requests/s, p50/p99 latency, errors, the gateway's peak RSS, and whether the
 * rows logged (counted after it exited, i.e. after its final flush) equal the requests answered. With
 * `--cleanup-rows N`, N rows older than 40 days are inserted first and `cleanOldRecords(30)` runs (in the gateway,
 * via POST /api/admin/cleanup) 10 s into the load (15 % of longer runs); p99 of requests started during it is
 * compared with the requests started outside it (the first 5 s of warm-up left out).
 * Exits 1 when a request failed or the row count does not match.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { seedDemoData } from '../../examples/gateway/src/seed.js';
import { type GatewayProcess, startGatewayProcess } from './gateway-process.js';
import { ms, summarize } from './latency.js';
import { runLoad, type Sample } from './load-clients.js';
import { countLoggedSince, createLoadStore, type Dialect, type LoadStore } from './load-store.js';
import { prefillOldRows } from './prefill-old-rows.js';

function bounded(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

const { values } = parseArgs({
  options: {
    dialect: { type: 'string', default: 'sqlite' },
    clients: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '60' },
    'max-requests': { type: 'string', default: '2000000' },
    'cleanup-rows': { type: 'string', default: '0' },
    pool: { type: 'string', default: '10' },
  },
});
if (values.dialect !== 'sqlite' && values.dialect !== 'mysql') throw new Error('--dialect must be sqlite or mysql');
const dialect: Dialect = values.dialect;
const clients = bounded('clients', values.clients, 1, 1000);
const seconds = bounded('seconds', values.seconds, 1, 600);
const maxRequests = bounded('max-requests', values['max-requests'], 1, 10_000_000);
const cleanupRows = bounded('cleanup-rows', values['cleanup-rows'], 0, 10_000_000);
const pool = bounded('pool', values.pool, 1, 100);
const ADMIN_TOKEN = `load-${randomBytes(12).toString('hex')}`;

async function prepare(store: LoadStore): Promise<string> {
  const keyValue = `sk-load-${randomBytes(16).toString('hex')}`;
  const db = await store.open();
  try {
    // The gateway process moves the demo provider to its own fake upstream when started with --seed.
    await seedDemoData(db, { upstreamBaseUrl: 'http://127.0.0.1:9/v1', keyValue });
  } finally {
    await db.close();
  }
  if (cleanupRows > 0) {
    const executor = await store.openExecutor();
    const started = performance.now();
    try {
      await prefillOldRows(executor, cleanupRows, (done) => process.stdout.write(`\r  pre-filled ${done} old rows`));
    } finally {
      await executor.close();
    }
    console.log(` in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  return keyValue;
}

interface CleanupWindow {
  startMs: number;
  endMs: number;
  answer: string;
}

/** The first seconds (connections, JIT, pool) are left out of the "without cleanup" baseline. */
const WARMUP_MS = Math.min(5000, seconds * 100);
/** When the cleanup starts: after the warm-up and a stretch of baseline. */
const CLEANUP_AT_MS = Math.max(WARMUP_MS + 5000, seconds * 150);

/** POST /api/admin/cleanup during the load; the window is in the load's clock (ms since its start). */
async function cleanupDuringLoad(url: string, loadOrigin: number): Promise<CleanupWindow> {
  await new Promise((resolve) => setTimeout(resolve, CLEANUP_AT_MS));
  const startMs = performance.now() - loadOrigin;
  const res = await fetch(`${url}/api/admin/cleanup?daysToKeep=30`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  const answer = await res.text();
  return { startMs, endMs: performance.now() - loadOrigin, answer: `${res.status} ${answer}` };
}

function report(
  samples: Sample[],
  elapsed: number,
  gateway: GatewayProcess,
  peakRss: number | undefined,
): { failed: number } {
  const answered = samples.filter((s) => s.status !== 0);
  const failed = samples.filter((s) => s.status !== 200);
  const latency = summarize(samples.map((s) => s.latencyMs));
  const kinds = new Map<string, number>();
  for (const s of failed)
    kinds.set(
      `${s.status} ${s.error ?? ''}`.slice(0, 120),
      (kinds.get(`${s.status} ${s.error ?? ''}`.slice(0, 120)) ?? 0) + 1,
    );
  console.log(`  requests        ${samples.length} (${answered.length} answered) in ${elapsed.toFixed(1)} s`);
  console.log(`  requests/s      ${(samples.length / elapsed).toFixed(0)}`);
  console.log(`  latency         p50 ${ms(latency.p50)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`);
  console.log(`  errors          ${failed.length}`);
  for (const [kind, count] of kinds) console.log(`    ${count} x ${kind}`);
  console.log(`  gateway peak RSS ${peakRss === undefined ? 'n/a' : `${peakRss.toFixed(0)} MiB`} (pid ${gateway.pid})`);
  return { failed: failed.length };
}

async function main(): Promise<number> {
  console.log(
    `load: ${dialect}, ${clients} clients x ${seconds} s (max ${maxRequests} requests)` +
      `${dialect === 'mysql' ? `, pool ${pool}` : ''}${cleanupRows > 0 ? `, cleanup of ${cleanupRows} old rows during the load` : ''}`,
  );
  const store = createLoadStore(dialect, 'load', pool);
  let gateway: GatewayProcess | undefined;
  try {
    const keyValue = await prepare(store);
    gateway = startGatewayProcess({ cwd: store.folder, env: { ...store.env, ADMIN_TOKEN }, args: ['--seed'] });
    const url = await gateway.ready;
    const origin = performance.now();
    const cleanup = cleanupRows > 0 ? cleanupDuringLoad(url, origin) : undefined;
    const load = await runLoad({ url, key: keyValue, clients, seconds, maxRequests });
    const window = await cleanup;
    const peakRss = gateway.peakRssMiB();
    const exit = await gateway.stop();
    console.log(`results (${dialect}):`);
    const { failed } = report(load.samples, load.seconds, gateway, peakRss);

    let ok = failed === 0 && exit === 0;
    if (window) {
      const during = load.samples.filter((s) => s.startMs >= window.startMs && s.startMs <= window.endMs);
      const outside = load.samples.filter(
        (s) => s.startMs >= WARMUP_MS && (s.startMs < window.startMs || s.startMs > window.endMs),
      );
      const d = summarize(during.map((s) => s.latencyMs));
      const o = summarize(outside.map((s) => s.latencyMs));
      console.log(`  cleanup         ${window.answer} (ran ${((window.endMs - window.startMs) / 1000).toFixed(1)} s)`);
      console.log(
        `  p99 during cleanup ${ms(d.p99)} (${d.count} requests) vs without ${ms(o.p99)} (${o.count} requests after ` +
          `the first ${WARMUP_MS / 1000} s); p50 ${ms(d.p50)} vs ${ms(o.p50)}`,
      );
      if (!window.answer.startsWith('200')) ok = false;
    }
    const answered = load.samples.filter((s) => s.requestId !== undefined).length;
    const logged = await countLoggedSince(store, load.startedAt - 1000);
    console.log(
      `  rows logged     ${logged} vs requests answered ${answered}: ${logged === answered ? 'equal' : 'DIFFERENT'}`,
    );
    console.log(`  gateway exit    ${exit}`);
    if (logged !== answered) ok = false;
    return ok ? 0 : 1;
  } finally {
    if (gateway) await gateway.stop();
    await store.drop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`load: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
