/**
 * The example gateway process.
 *
 *   pnpm --filter example-gateway start [-- --seed]
 *
 * Environment (besides gateway-db's DB_DIALECT, SQLITE_PATH, MYSQL_*, DB_PATH):
 * - PORT (default 8080), HOST (default 127.0.0.1);
 * - ADMIN_TOKEN: the admin API token; when unset a random one is generated and printed once;
 * - FAKE_UPSTREAM_PORT (default 18080; 0 = ephemeral), FAKE_UPSTREAM_LATENCY_MS (default 20);
 * - CORS_CACHE_MS (default 0: cors_enabled read on every request);
 * - LOG_FLUSH_INTERVAL_MS (default 1000): how long a log row may wait in memory;
 * - LOG_FORMAT (`text` or `json`, default text): gateway-db's log lines as plain text or one JSON object each;
 * - SHUTDOWN_FLUSH_MS (default 8000): on SIGTERM/SIGINT, how long to keep trying to write the buffered log rows
 *   while the database is down (below `docker stop`'s 10 s grace period). The exit code is 1 when rows were lost.
 * `--seed` creates the demo provider/model/key when the store has no key (see seed.ts).
 */
import { parseArgs } from 'node:util';
import { createGatewayDb, type GatewayDb, jsonLogger } from 'gateway-db';
import { adminTokenFromEnv } from './admin-token.js';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.js';
import { QueryMetrics } from './metrics.js';
import { seedDemoData } from './seed.js';
import { type RunningGateway, startGateway } from './start-gateway.js';

const log = (message: string) => console.log(`[gateway] ${message}`);

function envInteger(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'boolean', default: false } } });
  const upstream: FakeUpstream = await startFakeUpstream({
    port: envInteger('FAKE_UPSTREAM_PORT', 18080),
    latencyMs: envInteger('FAKE_UPSTREAM_LATENCY_MS', 20),
  });
  log(`fake upstream on ${upstream.baseUrl}`);

  const queryMetrics = new QueryMetrics();
  let db: GatewayDb;
  try {
    db = await createGatewayDb({
      logWriter: { flushIntervalMs: envInteger('LOG_FLUSH_INTERVAL_MS', 1000) },
      onQuery: queryMetrics.observe,
      ...(process.env.LOG_FORMAT === 'json' ? { logger: jsonLogger() } : {}),
    });
  } catch (error) {
    await upstream.close();
    throw error;
  }
  if (values.seed) {
    const seeded = await seedDemoData(db, { upstreamBaseUrl: upstream.baseUrl });
    if (seeded.created) {
      log(`seeded demo data: virtual key id ${seeded.keyId}`);
      // Shown once: the secret is needed to call the gateway and is not printed again.
      log(`virtual key (shown only now): ${seeded.keyValue}`);
    } else {
      log(`store already has virtual keys (e.g. id ${seeded.keyId}); nothing seeded`);
    }
  }

  const admin = adminTokenFromEnv();
  const gateway: RunningGateway = await startGateway({
    db,
    adminToken: admin.value,
    queryMetrics,
    host: process.env.HOST ?? '127.0.0.1',
    port: envInteger('PORT', 8080),
    corsCacheMs: envInteger('CORS_CACHE_MS', 0),
  });
  if (admin.generated) log(`ADMIN_TOKEN not set: generated admin token for this run: ${admin.value}`);
  log(`listening on ${gateway.url} (${db.dialect})`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await gateway.close();
    let closed = true;
    await db.close({ flushTimeoutMs: envInteger('SHUTDOWN_FLUSH_MS', 8000) }).catch((error: unknown) => {
      closed = false;
      log(`closing the database failed: ${error instanceof Error ? error.message : 'unknown'}`);
    });
    await upstream.close();
    const stats = db.logWriterStats();
    log(
      `stopped; log rows written ${stats.written}, rejected ${stats.rejected}, dropped ${stats.dropped}, lost ${stats.lost}`,
    );
    // A supervisor (or an operator) must be able to tell a clean stop from one that lost log rows.
    process.exit(closed && stats.lost === 0 ? 0 : 1);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`[gateway] could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
