/**
 * `db.backfillRollups()` in a process that has nothing else to do (a maintenance script), while its MariaDB
 * connections are killed again and again (a failover, a proxy restart, `KILL`): each lost connection is retried
 * after a backoff and the call resolves once every row is rolled up, each counted once. Before, the backoff timer
 * was unref'd: the process exited mid-run with the awaited promise unsettled (exit code 13).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { usePrivateMariadb } from '@gateway-db/test-support';
import { describe, expect, it } from 'vitest';
import { apiRequestRow } from '../helpers/rows.js';
import { GATEWAY_DATABASE, openPrivateGateway } from './support/private-gateway.js';

const ROWS = 60_000;
/** Connections to kill while the backfill runs, looking for one every KILL_EVERY_MS. */
const KILLS = 3;
const KILL_EVERY_MS = 200;
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const childScript = fileURLToPath(new URL('../fixtures/backfill-through-lost-connections.ts', import.meta.url));

describe('the rollup backfill while its MariaDB connections are killed', () => {
  const server = usePrivateMariadb();

  it('retries each lost connection and resolves once every row is rolled up, each once', async () => {
    const { db } = await openPrivateGateway(server(), { rollupBackfill: false });
    if (db.orm.dialect !== 'mysql') throw new Error('expected MySQL');
    const rows = Array.from({ length: ROWS }, (_, i) => ({
      ...apiRequestRow({ created_at: 1_700_000_000_000 + i * 1_000 }),
      rolled_up: false,
    }));
    for (let i = 0; i < rows.length; i += 1_000) {
      await db.orm.client.insert(db.orm.tables.apiRequests).values(rows.slice(i, i + 1_000));
    }
    await db.close();

    const child = spawn('npx', ['tsx', '--conditions=source', childScript, server().url(GATEWAY_DATABASE)], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let running = true;
    void exitCode.then(() => {
      running = false;
    });

    let killed = 0;
    while (running && !stdout.includes('backfilling')) await new Promise((resolve) => setTimeout(resolve, 20));
    while (running && killed < KILLS) {
      const connections = await server().admin(
        `SELECT id FROM information_schema.processlist WHERE db = '${GATEWAY_DATABASE}'`,
      );
      for (const { id } of connections) {
        await server()
          .admin(`KILL CONNECTION ${Number(id)}`)
          .then(() => killed++)
          .catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, KILL_EVERY_MS));
    }

    expect({ code: await exitCode, stderr }).toMatchObject({ code: 0 });
    expect(killed).toBeGreaterThanOrEqual(KILLS);
    const status = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
    expect(status).toMatchObject({ complete: true, running: false });
    const [counted] = await server().admin(
      `SELECT SUM(requests) AS hourly FROM \`${GATEWAY_DATABASE}\`.api_request_rollups WHERE period_ms = 3600000`,
    );
    const [flagged] = await server().admin(
      `SELECT SUM(rolled_up) AS n, COUNT(*) AS total FROM \`${GATEWAY_DATABASE}\`.api_requests`,
    );
    expect(Number(counted?.hourly)).toBe(ROWS);
    expect({ n: Number(flagged?.n), total: Number(flagged?.total) }).toEqual({ n: ROWS, total: ROWS });
  }, 120_000);
});
