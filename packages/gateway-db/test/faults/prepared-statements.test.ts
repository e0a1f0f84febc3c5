/**
 * Server-side prepared statements are a resource the server shares between all its clients
 * (`max_prepared_stmt_count`, 16382 by default). A process holds at most MYSQL_CONNECTION_LIMIT x
 * MYSQL_MAX_PREPARED_STATEMENTS of them, admin pages do not add new statement texts (LIMIT and OFFSET are bound),
 * and when the server refuses to prepare another one (ER_MAX_PREPARED_STMT_COUNT_REACHED, 1461) the statement is
 * sent as text instead: log rows are written and admin pages served, with the same results.
 */
import type { MysqlPoolConfig } from '@gateway-db/core';
import { type PrivateMariadb, usePrivateMariadb } from '@gateway-db/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayDb } from '../../src/create-gateway-db.js';
import { apiRequestRow } from '../helpers/rows.js';
import { eventually, openPrivateGateway, type PrivateGateway, storedRows } from './support/private-gateway.js';

const HOUR = 3_600_000;
const NOW = Date.now();

/** What an admin reads: pages of every size and filter, stats, trends, one key's requests. */
async function adminPages(db: GatewayDb, pages: number) {
  const results: unknown[] = [];
  const filters = [{}, { status: 'success' }, { model: 'gpt-4o' }, { virtualKeyId: 'vk-1', status: 'error' }];
  for (let page = 1; page <= pages; page++) {
    const pageSize = [10, 20, 50][page % 3];
    results.push(await db.apiRequests.getAll({ page, pageSize, ...filters[page % filters.length] }));
    results.push(await db.apiRequests.getByVirtualKey('vk-1', page));
  }
  const range = { startTime: NOW - 48 * HOUR, endTime: NOW + HOUR };
  results.push(await db.apiRequests.getStats(range));
  results.push(await db.apiRequests.getTrend({ ...range, interval: 'hour' }));
  results.push(await db.apiRequests.getModelStats(range));
  results.push(await db.providers.getAll(), await db.virtualKeys.getAll());
  return results;
}

async function preparedOnServer(server: PrivateMariadb): Promise<number> {
  const [row] = await server.admin("SHOW GLOBAL STATUS LIKE 'Prepared_stmt_count'");
  return Number(row?.Value);
}

describe('server-side prepared statements', () => {
  const server = usePrivateMariadb();
  const open: PrivateGateway[] = [];
  afterEach(async () => {
    for (const gateway of open.splice(0)) await gateway.db.close().catch(() => undefined);
    await server().admin('SET GLOBAL max_prepared_stmt_count = 16382');
  });
  const gatewayWith = async (pool: Partial<MysqlPoolConfig> = {}) => {
    const gateway = await openPrivateGateway(server(), { pool, logWriter: { flushIntervalMs: 20 } });
    open.push(gateway);
    return gateway;
  };
  const seed = async (db: GatewayDb) => {
    if ((await db.virtualKeys.getById('vk-1')) === undefined)
      await db.virtualKeys.create({ id: 'vk-1', key_value: 'sk-vk-1', key_hash: 'h1', name: 'one' });
    for (let i = 0; i < 400; i++)
      db.apiRequests.create(
        apiRequestRow({
          virtual_key_id: i % 2 ? 'vk-1' : null,
          status: i % 7 ? 'success' : 'error',
          created_at: NOW - (i % 40) * HOUR,
        }),
      );
    await eventually(() => db.logWriterStats().written === 400, 10_000);
  };

  it('prepares the same few statements however many different pages are read, within the per-process bound', async () => {
    // One connection with room for every statement: the server's count is the number of distinct statements.
    const { db } = await gatewayWith({ connectionLimit: 1, maxPreparedStatements: 16_000 });
    await seed(db);
    await adminPages(db, 12);
    const distinct = await preparedOnServer(server());
    await adminPages(db, 120);
    expect(await preparedOnServer(server())).toBe(distinct);
    expect(distinct).toBeLessThan(40);
    await db.close();

    const { db: pooled } = await gatewayWith({ connectionLimit: 4 });
    await Promise.all(Array.from({ length: 4 }, () => adminPages(pooled, 30)));
    expect(await preparedOnServer(server())).toBeLessThanOrEqual(4 * 64);
  });

  it('writes every log row and serves the admin pages when the server refuses to prepare more statements', async () => {
    const { db: first } = await gatewayWith();
    await seed(first);
    const expected = await adminPages(first, 6);
    await first.close();
    await server().admin('SET GLOBAL max_prepared_stmt_count = 0');

    const { db, reports } = await gatewayWith();
    expect(await adminPages(db, 6)).toEqual(expected);
    const before = await storedRows(server());
    for (let i = 0; i < 500; i++) db.apiRequests.create(apiRequestRow());
    await db.close();
    expect(reports).toEqual([]);
    expect(db.logWriterStats()).toMatchObject({ written: 500, rejected: 0, lost: 0 });
    expect(await storedRows(server())).toBe(before + 500);
  });
});
