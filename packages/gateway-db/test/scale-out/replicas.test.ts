/**
 * Read replicas, live: a GTID primary + replica of this file's own (private mariadbd instances). Dashboard and list
 * reads go to the replica, a process reads its own writes, revocations are seen at once, a replica held back or
 * killed leaves reads to the primary without an error reaching the caller, and it is used again once it recovers.
 */
import { silentLogger } from '@gateway-db/core';
import { useReplicaPair } from '@gateway-db/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayDb, type GatewayDb } from '../../src/create-gateway-db.js';
import { eventually } from '../faults/support/private-gateway.js';
import { apiRequestRow } from '../helpers/rows.js';
import { aKey, aProvider } from '../repositories/support/fixtures.js';
import { replicaSelects as selectsOnReplica, staleLogReads, untilReplicaUp } from './support/replica-checks.js';

const MAX_LAG_MS = 400;

describe('read replicas (MYSQL_REPLICA_URLS)', () => {
  const pair = useReplicaPair();
  const opened: GatewayDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close().catch(() => undefined);
  });

  async function open(): Promise<GatewayDb> {
    const db = await createGatewayDb({
      dialect: 'mysql',
      mysql: { url: pair().appUrl(pair().primary) },
      replicas: { urls: [pair().appUrl(pair().replica)], maxLagMs: MAX_LAG_MS },
      env: {},
      envFile: false,
      legacyImporter: false,
      logger: silentLogger,
      logWriter: { flushIntervalMs: 20 },
    });
    opened.push(db);
    await untilReplicaUp(db, pair(), 'replicas');
    return db;
  }

  const replicaSelects = () => selectsOnReplica(pair());

  it('answers dashboards and lists from the replica', async () => {
    const db = await open();
    for (let i = 0; i < 20; i++) db.apiRequests.create(apiRequestRow({ model: `m${i % 3}` }));
    await db.apiRequests.flush();
    await pair().caughtUp();
    // Let the replica's next check see it has everything (the reads then need no wait).
    await new Promise((resolve) => setTimeout(resolve, MAX_LAG_MS));
    const before = await replicaSelects();
    const readsBefore = (await db.health()).replicas?.[0]?.reads ?? 0;
    const range = { startTime: 0, endTime: Date.now() + 1000 };
    expect((await db.apiRequests.getStats(range)).totalRequests).toBe(20);
    expect(await db.apiRequests.getModelStats(range)).toHaveLength(3);
    expect((await db.apiRequests.getAll({ pageSize: 5 })).data).toHaveLength(5);
    expect(await db.providers.getAll()).toEqual([]);
    const health = await db.health();
    // The replica ran the reads (its own counter), and health counts them.
    expect((await replicaSelects()) - before).toBeGreaterThanOrEqual(4);
    expect((health.replicas?.[0]?.reads ?? 0) - readsBefore).toBeGreaterThanOrEqual(4);
    expect(health.replicas?.[0]).toMatchObject({ state: 'up', name: expect.stringContaining('/gw_scale_out') });
    expect(JSON.stringify(health)).not.toContain(pair().password);
  });

  it('reads its own writes: none stale of 300 create-then-read', async () => {
    const db = await open();
    let stale = 0;
    for (let i = 0; i < 150; i++) {
      const provider = await aProvider(db, { name: `p${i}` });
      if (!(await db.providers.getAll()).some((row) => row.id === provider.id)) stale++;
    }
    stale += await staleLogReads(db, 150);
    expect(stale).toBe(0);
    // Most reads still went to the replica (it applies a write within milliseconds here).
    expect((await db.health()).replicas?.[0]?.reads ?? 0).toBeGreaterThan(150);
  });

  it('sees a revocation at once, even while the replica has stopped applying changes', async () => {
    const db = await open();
    const key = await aKey(db, 'vk-replica-revoked');
    await pair().caughtUp();
    await pair().holdReplication();
    try {
      await db.virtualKeys.update(key.id, { enabled: false });
      expect((await db.virtualKeys.getByKeyValue('vk-replica-revoked'))?.enabled).toBe(false);
      expect((await db.virtualKeys.getAll()).find((row) => row.id === key.id)?.enabled).toBe(false);
      await db.virtualKeys.delete(key.id);
      expect(await db.virtualKeys.getByKeyValue('vk-replica-revoked')).toBeUndefined();
      expect((await db.virtualKeys.getAll()).some((row) => row.id === key.id)).toBe(false);
    } finally {
      await pair().resumeReplication();
    }
  });

  it('moves reads to the primary while the replica lags beyond the limit, and back when it catches up', async () => {
    const db = await open();
    await pair().holdReplication();
    try {
      // Another process writes on the primary: only the lag bound protects this process from missing it.
      await pair().primary.admin(
        "INSERT INTO gw_scale_out.providers (id, name, base_url, api_key, enabled, created_at, updated_at) VALUES ('other-process', 'elsewhere', 'https://x', 'k', 1, 1, 1)",
      );
      expect(
        await eventually(async () => (await db.health()).replicas?.[0]?.state === 'lagging', 5 * MAX_LAG_MS + 2_000),
      ).toBe(true);
      expect((await db.providers.getAll()).some((row) => row.id === 'other-process')).toBe(true);
    } finally {
      await pair().resumeReplication();
    }
    expect(await eventually(async () => (await db.health()).replicas?.[0]?.state === 'up', 10_000)).toBe(true);
    const before = await replicaSelects();
    expect((await db.providers.getAll()).some((row) => row.id === 'other-process')).toBe(true);
    expect(await replicaSelects()).toBeGreaterThan(before);
    await pair().primary.admin("DELETE FROM gw_scale_out.providers WHERE id = 'other-process'");
  });

  it('gives callers no error when the replica is killed under load, and uses it again after its restart', async () => {
    const db = await open();
    for (let i = 0; i < 50; i++) db.apiRequests.create(apiRequestRow());
    await db.apiRequests.flush();
    const expected = (await db.apiRequests.getStats({ startTime: 0, endTime: Date.now() + 1000 })).totalRequests;
    let errors = 0;
    let reads = 0;
    let wrong = 0;
    const until = Date.now() + 3_000;
    const reader = async () => {
      while (Date.now() < until) {
        try {
          const stats = await db.apiRequests.getStats({ startTime: 0, endTime: Date.now() + 1000 });
          if (stats.totalRequests !== expected) wrong++;
          await db.apiRequests.getAll({ pageSize: 10 });
          reads += 2;
        } catch {
          errors++;
        }
      }
    };
    const load = Promise.all([reader(), reader(), reader(), reader()]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    process.kill(pair().replica.pid, 'SIGKILL');
    await load;
    expect({ errors, wrong }).toEqual({ errors: 0, wrong: 0 });
    expect(reads).toBeGreaterThan(20);
    expect((await db.health()).replicas?.[0]?.state).toBe('down');
    expect((await db.health()).ok).toBe(true);

    await pair().restartReplica();
    await pair().caughtUp();
    expect(await eventually(async () => (await db.health()).replicas?.[0]?.state === 'up', 15_000)).toBe(true);
    const before = await replicaSelects();
    await db.apiRequests.getStats({ startTime: 0, endTime: Date.now() + 1000 });
    expect(await replicaSelects()).toBeGreaterThan(before);
  }, 60_000);
});
