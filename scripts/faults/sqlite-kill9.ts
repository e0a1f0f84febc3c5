/**
 * Fault: `kill -9` of the gateway under load on SQLite.
 *
 *   pnpm tsx --conditions=source scripts/faults/sqlite-kill9.ts [--seconds 5] [--clients 20]
 *
 * Checks afterwards: `PRAGMA integrity_check` is ok, gateway-db opens the file, and every request answered more
 * than one flush interval (1 s, + 250 ms of timer slack) before the kill has its api_requests row. Rows of the last
 * interval may be lost: that is the documented bound of the buffered writer.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { seedDemoData } from '../../examples/gateway/src/seed.js';
import { type GatewayProcess, startGatewayProcess } from '../load/gateway-process.js';
import { runLoad, type Sample } from '../load/load-clients.js';
import { createLoadStore } from '../load/load-store.js';
import { faultChecks, runFaultScript } from './run-fault-script.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, clients: { type: 'string', default: '20' } },
});
const seconds = Math.min(120, Math.max(1, Number(values.seconds)));
const clients = Math.min(200, Math.max(1, Number(values.clients)));
const FLUSH_INTERVAL_MS = 1000;
const SLACK_MS = 250;

const { failures, check } = faultChecks();

async function main(): Promise<void> {
  console.log(`fault: kill -9 of the gateway after ${seconds} s of ${clients} clients on SQLite`);
  const store = createLoadStore('sqlite', 'kill9');
  let gateway: GatewayProcess | undefined;
  try {
    const keyValue = `sk-fault-${randomBytes(16).toString('hex')}`;
    const seedDb = await store.open();
    await seedDemoData(seedDb, { upstreamBaseUrl: 'http://127.0.0.1:9/v1', keyValue });
    await seedDb.close();
    gateway = startGatewayProcess({
      cwd: store.folder,
      env: { ...store.env, ADMIN_TOKEN: 'fault', LOG_FLUSH_INTERVAL_MS: String(FLUSH_INTERVAL_MS) },
      args: ['--seed'],
      label: 'gw',
    });
    const url = await gateway.ready;
    const samples: Sample[] = [];
    let killedAt = Number.POSITIVE_INFINITY;
    const origin = performance.now();
    const child = gateway.child;
    const load = runLoad({
      url,
      key: keyValue,
      clients,
      seconds: seconds + 2,
      maxRequests: 10_000_000,
      onSample: (s) => samples.push(s),
      stop: () => killedAt < Infinity,
    });
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    killedAt = performance.now() - origin;
    child.kill('SIGKILL');
    console.log(`  gateway killed (SIGKILL) at ${(killedAt / 1000).toFixed(2)} s, exit ${await gateway.exited}`);
    await load;

    const raw = new Database(store.sqlitePath);
    const integrity = raw.pragma('integrity_check', { simple: true });
    check(integrity === 'ok', `PRAGMA integrity_check: ${String(integrity)}`);
    const stored = new Set(raw.prepare('SELECT id FROM api_requests').pluck().all() as string[]);
    raw.close();
    const db = await store.open();
    const health = await db.health();
    await db.close();
    check(health.ok, 'gateway-db opens the file after the kill');

    const answered = samples.filter((s) => s.requestId !== undefined);
    const cutoff = killedAt - FLUSH_INTERVAL_MS - SLACK_MS;
    const early = answered.filter((s) => s.startMs + s.latencyMs < cutoff);
    const late = answered.filter((s) => s.startMs + s.latencyMs >= cutoff);
    const missingEarly = early.filter((s) => !stored.has(s.requestId ?? ''));
    const lostLate = late.filter((s) => !stored.has(s.requestId ?? ''));
    console.log(
      `  answered ${answered.length}, rows on disk ${stored.size}; ` +
        `answered in the last ${FLUSH_INTERVAL_MS + SLACK_MS} ms: ${late.length}, of which lost ${lostLate.length}`,
    );
    check(
      missingEarly.length === 0,
      `every request answered before kill - ${FLUSH_INTERVAL_MS + SLACK_MS} ms is stored (${early.length - missingEarly.length}/${early.length})`,
    );
  } finally {
    await gateway?.stop().catch(() => undefined);
    await store.drop();
  }
}

runFaultScript(main, failures);
