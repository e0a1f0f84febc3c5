/**
 * Galera, live: a 3-node cluster of this file's own. Two gateways writing through two nodes at once lose and double
 * nothing (log rows and rollup counts exact; certification conflicts retried), and a gateway configured with every
 * node keeps writing through another one when its node is killed under load.
 */
import { silentLogger } from '@gateway-db/core';
import { type GaleraNode, useGaleraCluster } from '@gateway-db/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayDb, type GatewayDb } from '../../src/create-gateway-db.js';
import type { LogWriterReport } from '../../src/log-writer.js';
import { apiRequestRow } from '../helpers/rows.js';
import { aKey, aProvider } from '../repositories/support/fixtures.js';

/** Log rows, distinct ids and requests counted in the hourly rollups, as `node` has them now. */
async function countsOn(node: GaleraNode, database: string) {
  const [rows] = await node.admin(`SELECT COUNT(*) AS n, COUNT(DISTINCT id) AS ids FROM ${database}.api_requests`);
  const [rollups] = await node.admin(
    `SELECT COALESCE(SUM(requests), 0) AS n FROM ${database}.api_request_rollups WHERE period_ms = 3600000`,
  );
  return { rows: Number(rows?.n), distinctIds: Number(rows?.ids), rolledUp: Number(rollups?.n) };
}

/**
 * The counts once the nodes have applied the same writes (a node applies other nodes' write-sets a moment after
 * their commit returned), read on each node; fails after 15 s of disagreement.
 */
async function settledCounts(nodes: readonly GaleraNode[], database: string) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const counts = [];
    for (const node of nodes) counts.push(await countsOn(node, database));
    const [first] = counts;
    if (first && counts.every((count) => JSON.stringify(count) === JSON.stringify(first))) return first;
    if (Date.now() > deadline) throw new Error(`the nodes still disagree after 15 s: ${JSON.stringify(counts)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function statusOf(node: GaleraNode, name: string): Promise<string> {
  const [row] = await node.admin(`SHOW STATUS LIKE '${name}'`);
  return String(row?.Value ?? '');
}
const clusterStatus = (node: GaleraNode) => statusOf(node, 'wsrep_cluster_status');
const localState = (node: GaleraNode) => statusOf(node, 'wsrep_local_state_comment');

async function eventually(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

describe('a Galera cluster (3 nodes)', () => {
  const cluster = useGaleraCluster();
  const opened: GatewayDb[] = [];
  const reports: LogWriterReport[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close().catch(() => undefined);
    reports.splice(0);
  });

  async function open(...nodes: GaleraNode[]): Promise<GatewayDb> {
    const db = await createGatewayDb({
      dialect: 'mysql',
      mysql: { url: cluster().appUrl(...nodes), pool: { connectTimeoutMs: 1_000 } },
      env: {},
      envFile: false,
      legacyImporter: false,
      logger: silentLogger,
      logWriter: { flushIntervalMs: 20, retryDelayMs: 100, maxRetryDelayMs: 500, onReport: (r) => reports.push(r) },
    });
    opened.push(db);
    return db;
  }

  it('keeps every log row and rollup count exact with two gateways writing through two nodes at once', async () => {
    const [node1, node2, node3] = cluster().nodes as [GaleraNode, GaleraNode, GaleraNode];
    const first = await open(node1);
    const second = await open(node2);
    const before = await settledCounts(cluster().nodes, cluster().database);
    const perGateway = 3_000;
    const write = async (db: GatewayDb, tag: string) => {
      for (let i = 0; i < perGateway; i++) {
        // Same keys, models and statuses on both: the shared model names are a real conflict between nodes.
        db.apiRequests.create(apiRequestRow({ model: `shared-model-${tag === 'a' ? i % 7 : (i + 3) % 7}` }));
        if (i % 100 === 99) await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all([aProvider(db, { name: `provider ${tag}` }), db.apiRequests.flush()]);
    };
    await Promise.all([write(first, 'a'), write(second, 'b')]);
    await Promise.all([first.close(), second.close()]);
    for (const db of [first, second]) {
      expect(db.logWriterStats()).toMatchObject({ written: perGateway, rejected: 0, dropped: 0, lost: 0 });
    }
    const after = await settledCounts(cluster().nodes, cluster().database);
    expect(after.rows - before.rows).toBe(2 * perGateway);
    expect(after.distinctIds).toBe(after.rows);
    expect(after.rolledUp - before.rolledUp).toBe(2 * perGateway);

    const reader = await open(node3);
    const stats = await reader.apiRequests.getStats({ startTime: 0, endTime: Date.now() + 1_000 });
    expect(stats.totalRequests).toBe(after.rows);
    expect((await reader.providers.getAll()).map((p) => p.name).sort()).toEqual(['provider a', 'provider b']);
  }, 120_000);

  it('retries the certification conflicts of two nodes changing the same rows at once: no caller sees one', async () => {
    const [node1, node2] = cluster().nodes as [GaleraNode, GaleraNode];
    const first = await open(node1);
    const second = await open(node2);
    const key = await aKey(first, 'vk-galera-shared');
    const conflictsBefore = await conflicts();
    let failures = 0;
    const hammer = async (db: GatewayDb, tag: string) => {
      for (let i = 0; i < 150; i++) {
        await Promise.all([
          db.systemConfig.set('galera.shared', `${tag}-${i}`).catch(() => failures++),
          db.virtualKeys.update(key.id, { name: `${tag}-${i}` }).catch(() => failures++),
        ]);
      }
    };
    await Promise.all([hammer(first, 'a'), hammer(second, 'b')]);
    expect(failures).toBe(0);
    // The two nodes did collide (each collision aborted one side, which was run again).
    expect((await conflicts()) - conflictsBefore).toBeGreaterThan(0);
    // The last write of either side wins. Node 1 applies node 2's last commit a moment after node 2 confirmed it
    // (Galera is synchronous at commit, not at apply; reads do not wait without wsrep_sync_wait): wait for it.
    const lastWriteWins = async () => /^[ab]-149$/.test((await first.systemConfig.get('galera.shared'))?.value ?? '');
    expect(await eventually(lastWriteWins, 5_000)).toBe(true);
  }, 120_000);

  /** Transactions aborted by a conflicting write of another node, over the whole cluster. */
  async function conflicts(): Promise<number> {
    let total = 0;
    for (const node of cluster().nodes) {
      const rows = await node.admin(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')",
      );
      for (const row of rows) total += Number(row.Value);
    }
    return total;
  }

  it('moves to another configured node when its node leaves the cluster but keeps answering', async () => {
    const [node1, node2, node3] = cluster().nodes as [GaleraNode, GaleraNode, GaleraNode];
    const db = await open(node1, node2, node3);
    for (let i = 0; i < 100; i++) db.apiRequests.create(apiRequestRow());
    await db.apiRequests.flush();
    const before = await settledCounts([node2, node3], cluster().database);
    // Cut node1 off the group: it stays up and accepts logins, but answers every query with error 1047.
    await node1.admin("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=1'");
    try {
      expect(await eventually(async () => (await clusterStatus(node1)) === 'non-Primary', 30_000)).toBe(true);
      for (let i = 0; i < 300; i++) db.apiRequests.create(apiRequestRow());
      await db.close({ flushTimeoutMs: 20_000 });
      expect(db.logWriterStats()).toMatchObject({ written: 400, lost: 0, dropped: 0, rejected: 0, buffered: 0 });
      const after = await settledCounts([node2, node3], cluster().database);
      expect(after.rows - before.rows).toBe(300);
      expect(after.rolledUp - before.rolledUp).toBe(300);
      expect(reports).toContainEqual(expect.objectContaining({ kind: 'retrying', code: 'CONNECTION' }));
    } finally {
      await node1.admin("SET GLOBAL wsrep_provider_options = 'gmcast.isolate=0'");
      // Back in the cluster and synced before the next test uses it.
      expect(await eventually(async () => (await localState(node1)) === 'Synced', 60_000)).toBe(true);
    }
  }, 120_000);

  it('writes through another configured node when its node is killed under load, losing and doubling nothing', async () => {
    const [node1, node2, node3] = cluster().nodes as [GaleraNode, GaleraNode, GaleraNode];
    const db = await open(node1, node2, node3);
    const before = await settledCounts(cluster().nodes, cluster().database);
    let created = 0;
    const until = Date.now() + 3_000;
    let killed = false;
    while (Date.now() < until) {
      for (let i = 0; i < 20; i++) {
        db.apiRequests.create(apiRequestRow());
        created++;
      }
      if (!killed && Date.now() > until - 2_000) {
        killed = true;
        await node1.kill();
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Retries run on their own; close() flushes what is left (through node2 by now).
    await db.close();
    expect(db.logWriterStats()).toMatchObject({ written: created, dropped: 0, lost: 0, rejected: 0, buffered: 0 });
    // node1 is gone: the two that are left agree.
    const after = await settledCounts([node2, node3], cluster().database);
    expect(after.rows - before.rows).toBe(created);
    expect(after.distinctIds).toBe(after.rows);
    expect(after.rolledUp - before.rolledUp).toBe(created);
    expect(reports.some((report) => report.kind === 'retrying')).toBe(true);
  }, 120_000);
});
