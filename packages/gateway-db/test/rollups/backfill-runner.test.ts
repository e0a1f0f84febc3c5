/**
 * `db.backfillRollups()` settles with the truth: it resolves only when every row is rolled up, rejects with the
 * step's error when retrying cannot help (before, it resolved silently and the caller took the rollups for
 * complete), and rejects with CLOSED when `close()` stops it first. The lost-connection case is in
 * faults/backfill-lost-connections.test.ts (it kills connections of a private MariaDB).
 */
import { isGatewayDbError } from '@gateway-db/core/errors.js';
import { silentLogger } from '@gateway-db/core/logger.js';
import type { Dialect } from '@gateway-db/schema';
import { testDialects } from '@gateway-db/test-support';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createGatewayDb, type GatewayDb } from '../../src/create-gateway-db.js';
import { apiRequestRow } from '../helpers/rows.js';
import { testStoreConfig } from '../helpers/test-store.js';

/** A store holding `rows` api_requests rows that are not rolled up yet (as after a legacy import). */
async function storeWithUnrolledRows(dialect: Dialect, label: string, rows: number) {
  const { config, drop } = await testStoreConfig(dialect, label);
  const db = await createGatewayDb({
    config,
    env: {},
    logger: silentLogger,
    legacyImporter: false,
    rollupBackfill: { automatic: false, batchRows: 20 },
  });
  const all = Array.from({ length: rows }, (_, i) => ({
    ...apiRequestRow({ created_at: 1_700_000_000_000 + i }),
    rolled_up: false,
  }));
  for (let i = 0; i < all.length; i += 200) {
    const chunk = all.slice(i, i + 200);
    if (db.orm.dialect === 'sqlite') await db.orm.client.insert(db.orm.tables.apiRequests).values(chunk);
    else await db.orm.client.insert(db.orm.tables.apiRequests).values(chunk);
  }
  return { db, drop };
}

async function dropRollupTable(db: GatewayDb): Promise<void> {
  if (db.orm.dialect === 'sqlite') await db.orm.client.run(sql`DROP TABLE api_request_rollups`);
  else await db.orm.client.execute(sql`DROP TABLE api_request_rollups`);
}

describe.each(testDialects())('backfillRollups() on %s', (dialect) => {
  let opened: { db: GatewayDb; drop(): Promise<void> } | undefined;
  afterEach(async () => {
    await opened?.db.close().catch(() => undefined);
    await opened?.drop();
    opened = undefined;
  });

  it('resolves once every row is rolled up', async () => {
    opened = await storeWithUnrolledRows(dialect, 'backfill-done', 100);
    await opened.db.backfillRollups();
    expect(await opened.db.rollupStatus()).toMatchObject({ complete: true, running: false });
    expect((await opened.db.apiRequests.getStats({ startTime: 0 })).totalRequests).toBe(100);
  });

  it('rejects with the error when a step fails in a way retrying cannot help, and says so in rollupStatus()', async () => {
    opened = await storeWithUnrolledRows(dialect, 'backfill-fails', 50);
    await dropRollupTable(opened.db);
    const outcome = await opened.db.backfillRollups().then(
      () => 'resolved',
      (error: unknown) => error,
    );
    expect(isGatewayDbError(outcome)).toBe(true);
    const status = await opened.db.rollupStatus();
    expect(status).toMatchObject({
      complete: false,
      running: false,
      lastError: expect.stringContaining('api_request_rollups'),
    });
  });

  it('rejects with CLOSED when the store is closed before the backfill completes', async () => {
    opened = await storeWithUnrolledRows(dialect, 'backfill-closed', 2_000);
    const outcome = opened.db.backfillRollups().then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await opened.db.close();
    expect(isGatewayDbError(await outcome, 'CLOSED')).toBe(true);
  });
});
