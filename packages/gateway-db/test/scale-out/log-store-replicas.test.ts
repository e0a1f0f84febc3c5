/**
 * LOG_DB_REPLICA_URLS, live: the request logs in a MySQL store of their own (a GTID primary + replica of this
 * file's own), the config tables in a SQLite main store. The logs' dashboards and lists are read on the log
 * store's replica, a process reads its own log writes, and a replica that lags or is killed leaves those reads to
 * the log store's primary with no error and no wrong number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@gateway-db/core';
import { useReplicaPair } from '@gateway-db/test-support';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createGatewayDb, type GatewayDb } from '../../src/create-gateway-db.js';
import { eventually } from '../faults/support/private-gateway.js';
import { apiRequestRow } from '../helpers/rows.js';
import { replicaSelects, staleLogReads, untilReplicaUp } from './support/replica-checks.js';

const MAX_LAG_MS = 400;

describe('read replicas of the log store (LOG_DB_REPLICA_URLS)', () => {
  const pair = useReplicaPair();
  const folder = mkdtempSync(join(tmpdir(), 'gw-log-replicas-'));
  const opened: GatewayDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close().catch(() => undefined);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  async function open(): Promise<GatewayDb> {
    const db = await createGatewayDb({
      dialect: 'sqlite',
      sqlite: { path: join(folder, 'main.sqlite') },
      logDbUrl: pair().appUrl(pair().primary),
      logReplicas: { urls: [pair().appUrl(pair().replica)], maxLagMs: MAX_LAG_MS },
      env: {},
      envFile: false,
      legacyImporter: false,
      logger: silentLogger,
      logWriter: { flushIntervalMs: 20 },
    });
    opened.push(db);
    await untilReplicaUp(db, pair(), 'logReplicas');
    return db;
  }
  const allTime = () => ({ startTime: 0, endTime: Date.now() + 1000 });

  it('answers the logs’ dashboards and lists from the log store’s replica', async () => {
    const db = await open();
    for (let i = 0; i < 20; i++) db.apiRequests.create(apiRequestRow({ model: `m${i % 3}` }));
    await db.apiRequests.flush();
    await pair().caughtUp();
    // Let the replica's next check see it has everything (the reads then need no wait).
    await new Promise((resolve) => setTimeout(resolve, MAX_LAG_MS));
    const before = await replicaSelects(pair());
    const readsBefore = (await db.health()).logReplicas?.[0]?.reads ?? 0;
    expect((await db.apiRequests.getStats(allTime())).totalRequests).toBe(20);
    expect(await db.apiRequests.getModelStats(allTime())).toHaveLength(3);
    expect((await db.apiRequests.getAll({ pageSize: 5 })).data).toHaveLength(5);
    const health = await db.health();
    expect((await replicaSelects(pair())) - before).toBeGreaterThanOrEqual(3);
    expect((health.logReplicas?.[0]?.reads ?? 0) - readsBefore).toBeGreaterThanOrEqual(3);
    expect(health.logReplicas?.[0]).toMatchObject({ state: 'up', name: expect.stringContaining('/gw_scale_out') });
    // The main store has no replicas, and the password shows nowhere.
    expect(health.replicas).toBeUndefined();
    expect(JSON.stringify(health)).not.toContain(pair().password);
  });

  it('reads its own log writes: none stale of 150 create, flush, read', async () => {
    const db = await open();
    expect(await staleLogReads(db, 150)).toBe(0);
    // Most reads still went to the replica (it applies a write within milliseconds here).
    expect((await db.health()).logReplicas?.[0]?.reads ?? 0).toBeGreaterThan(75);
  });

  it('reads the primary while the replica lags or is killed: no error, no wrong total', async () => {
    const db = await open();
    for (let i = 0; i < 30; i++) db.apiRequests.create(apiRequestRow());
    await db.apiRequests.flush();
    const expected = (await db.apiRequests.getStats(allTime())).totalRequests;
    await pair().holdReplication();
    try {
      // Another process logs on the primary: only the lag bound keeps this one from missing it.
      const other = apiRequestRow();
      const writer = await createGatewayDb({
        dialect: 'sqlite',
        sqlite: { path: join(folder, 'other.sqlite') },
        logDbUrl: pair().appUrl(pair().primary),
        env: {},
        envFile: false,
        legacyImporter: false,
        logger: silentLogger,
      });
      writer.apiRequests.create(other);
      await writer.close();
      expect(
        await eventually(async () => (await db.health()).logReplicas?.[0]?.state === 'lagging', 5 * MAX_LAG_MS + 2_000),
      ).toBe(true);
      expect((await db.apiRequests.getStats(allTime())).totalRequests).toBe(expected + 1);
    } finally {
      await pair().resumeReplication();
    }
    let errors = 0;
    let wrong = 0;
    const until = Date.now() + 2_000;
    const reader = async () => {
      while (Date.now() < until) {
        try {
          if ((await db.apiRequests.getStats(allTime())).totalRequests !== expected + 1) wrong++;
        } catch {
          errors++;
        }
      }
    };
    const load = Promise.all([reader(), reader()]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    process.kill(pair().replica.pid, 'SIGKILL');
    await load;
    expect({ errors, wrong }).toEqual({ errors: 0, wrong: 0 });
    expect((await db.health()).logReplicas?.[0]?.state).toBe('down');
    expect((await db.health()).ok).toBe(true);
    await pair().restartReplica();
    await pair().caughtUp();
  }, 60_000);
});
