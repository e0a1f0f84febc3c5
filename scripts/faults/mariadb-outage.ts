/**
 * Fault: MariaDB stopped for a while under load, then started again.
 *
 *   pnpm tsx --conditions=source scripts/faults/mariadb-outage.ts [--outage-seconds 10] [--clients 20] [--ci]
 *     [--server private|system]
 *
 * The gateway (child process, MySQL, pool 10) takes load; the server is stopped for the outage, then started. The
 * server is one of the script's own by default (`--server private`: a mariadbd on a free port, removed at the
 * end); `--server system` stops the system's MariaDB (`mysqladmin shutdown`, `start-stop-daemon`) as before. Checks: while it is down every request fails fast (p99 < 2 s) with
 * the 503 `database_unavailable` answer; the gateway recovers by itself (a 200 within 30 s of the server answering);
 * the log rows buffered during the outage are written afterwards (buffer back to 0, rows logged == requests
 * answered, none dropped or lost). The system MariaDB is ALWAYS started again at the end. `--ci`: a 3 s outage.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { seedDemoData } from '../../examples/gateway/src/seed.js';
import { type GatewayProcess, startGatewayProcess } from '../load/gateway-process.js';
import { ms, summarize } from '../load/latency.js';
import { runLoad, type Sample } from '../load/load-clients.js';
import { countLoggedSince, createLoadStore, type LoadStore } from '../load/load-store.js';
import { readHealth, watchHealth } from './health-watch.js';
import { type FaultServer, faultServerKind, openFaultServer } from './mariadb-control.js';
import { faultChecks, runFaultScript } from './run-fault-script.js';

const { values } = parseArgs({
  options: {
    'outage-seconds': { type: 'string' },
    clients: { type: 'string', default: '20' },
    ci: { type: 'boolean', default: false },
    server: { type: 'string', default: 'private' },
  },
});
const serverKind = faultServerKind(values.server);
const outageSeconds = Math.min(60, Math.max(1, Number(values['outage-seconds'] ?? (values.ci ? 3 : 10))));
const clients = Math.min(200, Math.max(1, Number(values.clients)));
const WARM_SECONDS = 3;
const AFTER_SECONDS = 5;
const FAIL_FAST_MS = 2000;
const RECOVER_WITHIN_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const { failures, check } = faultChecks();

async function main(): Promise<void> {
  const server = await openFaultServer(serverKind);
  activeServer = server;
  console.log(`fault: MariaDB down for ${outageSeconds} s under ${clients} clients, on ${server.description}`);
  const store = createLoadStore('mysql', 'outage');
  activeStore = store;
  let gateway: GatewayProcess | undefined;
  try {
    const keyValue = `sk-fault-${randomBytes(16).toString('hex')}`;
    const db = await store.open();
    await seedDemoData(db, { upstreamBaseUrl: 'http://127.0.0.1:9/v1', keyValue });
    await db.close();
    gateway = startGatewayProcess({
      cwd: store.folder,
      env: { ...store.env, ADMIN_TOKEN: 'fault' },
      args: ['--seed'],
      label: 'gw',
    });
    const url = await gateway.ready;
    const health = watchHealth(url);

    let stop = false;
    let origin = 0;
    const marks = { down: 0, startCommand: 0, answering: 0 };
    const now = () => performance.now() - origin;
    const samples: Sample[] = [];
    let firstSuccessAfterRestart: number | undefined;
    origin = performance.now();
    const load = runLoad({
      url,
      key: keyValue,
      clients,
      seconds: 600,
      maxRequests: 10_000_000,
      stop: () => stop,
      onSample: (s) => {
        samples.push(s);
        if (marks.answering > 0 && s.status === 200 && firstSuccessAfterRestart === undefined)
          firstSuccessAfterRestart = s.startMs + s.latencyMs;
      },
    });

    try {
      await sleep(WARM_SECONDS * 1000);
      await server.stop();
      marks.down = now();
      console.log(`  MariaDB stopped at ${(marks.down / 1000).toFixed(1)} s`);
      await sleep(outageSeconds * 1000);
      marks.startCommand = now();
      await server.start();
      marks.answering = now();
      console.log(
        `  MariaDB answers again at ${(marks.answering / 1000).toFixed(1)} s (start took ${((marks.answering - marks.startCommand) / 1000).toFixed(1)} s)`,
      );
      const recoveryDeadline = performance.now() + RECOVER_WITHIN_MS;
      while (firstSuccessAfterRestart === undefined && performance.now() < recoveryDeadline) await sleep(100);
      await sleep(AFTER_SECONDS * 1000);
    } finally {
      stop = true;
      await load;
    }

    const down = samples.filter((s) => s.startMs >= marks.down && s.startMs + s.latencyMs <= marks.startCommand);
    const downLatency = summarize(down.map((s) => s.latencyMs));
    const downStatuses = new Map<number, number>();
    for (const s of down) downStatuses.set(s.status, (downStatuses.get(s.status) ?? 0) + 1);
    const example = down.find((s) => s.status === 503)?.error ?? '(none)';
    console.log(
      `  while down: ${down.length} requests, statuses ${JSON.stringify(Object.fromEntries(downStatuses))}, ` +
        `p50 ${ms(downLatency.p50)}, p99 ${ms(downLatency.p99)}, max ${ms(downLatency.max)}`,
    );
    console.log(`  answer while down: ${example}`);
    console.log(
      `  most log rows buffered at once: ${health.maxBuffered()} (bound: 20,000 rows / 64 MiB); gateway peak RSS ${gateway.peakRssMiB()?.toFixed(0)} MiB`,
    );
    check(down.length > 0 && down.every((s) => s.status === 503), 'every request while down is answered 503');
    check(example.includes('database_unavailable'), 'the answer says the database is unavailable');
    check(
      downLatency.p99 < FAIL_FAST_MS,
      `requests fail fast while down (p99 ${ms(downLatency.p99)} < ${FAIL_FAST_MS} ms)`,
    );
    const recovery = firstSuccessAfterRestart === undefined ? undefined : firstSuccessAfterRestart - marks.answering;
    check(
      recovery !== undefined,
      `serves again by itself (first 200 ${recovery === undefined ? 'never' : `${ms(Math.max(0, recovery))} after MariaDB answered`})`,
    );

    // The writer retries with backoff (up to 30 s apart): wait for it to empty its buffer.
    const drainStart = performance.now();
    let last = await readHealth(url);
    while ((last?.buffered ?? 1) > 0 && performance.now() - drainStart < 60_000) {
      await sleep(250);
      last = await readHealth(url);
    }
    health.stop();
    console.log(
      `  log buffer empty ${((performance.now() - origin - marks.answering) / 1000).toFixed(1)} s after MariaDB answered (written ${last?.written}, dropped ${last?.dropped})`,
    );
    check(last?.buffered === 0, 'buffered log rows are written after recovery');
    const exit = await gateway.stop();
    check(exit === 0, `gateway stopped cleanly (exit ${exit})`);
    const answered = samples.filter((s) => s.requestId !== undefined).length;
    const logged = await countLoggedSince(store, Date.now() - 3_600_000);
    check(logged === answered, `rows logged ${logged} == requests answered ${answered}`);
    check(/dropped 0, lost 0/.test(gateway.output()), 'no log row dropped or lost');
  } finally {
    await gateway?.stop().catch(() => undefined);
    await server.ensureRunning();
    await store.drop().catch((error: unknown) => console.error(`  could not drop ${store.database}: ${String(error)}`));
    await server.release();
    activeServer = undefined;
  }
}

// Interrupted (Ctrl-C, CI's timeout): still leave MariaDB running for everyone else, then drop the database.
// `on` with a guard, not `once`: a second signal without a listener would kill the process half-way.
let activeStore: LoadStore | undefined;
let activeServer: FaultServer | undefined;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    void Promise.resolve(activeServer?.ensureRunning())
      .then(() => activeStore?.drop())
      .then(() => activeServer?.release())
      .catch((error: unknown) => console.error(`  clean-up after ${signal} failed: ${String(error)}`))
      .finally(() => process.exit(130));
  });
}

runFaultScript(main, failures, () =>
  Promise.resolve(activeServer?.release()).catch((e: unknown) =>
    console.error(`the fault script's MariaDB could not be restarted or removed: ${String(e)}`),
  ),
);
