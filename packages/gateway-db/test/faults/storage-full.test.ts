/**
 * The MariaDB data disk fills up (a real ENOSPC: the data folder is on a small tmpfs, and a filler file takes the
 * free space). InnoDB answers 1114 "The table ... is full". The log rows used to be refused as DATA_DOES_NOT_FIT
 * and discarded; now STORAGE_FULL is retryable: they stay buffered (within the writer's memory bound) and are all
 * written once space is freed, and the error says what is full and what to do.
 */
import { isGatewayDbError, isRetryable } from '@gateway-db/core/errors.js';
import { usePrivateMariadb } from '@gateway-db/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { apiRequestRow } from '../helpers/rows.js';
import { eventually, openPrivateGateway, type PrivateGateway, storedRows } from './support/private-gateway.js';

const ROWS_WHILE_FULL = 6_200;

describe('a full MariaDB data disk', () => {
  const server = usePrivateMariadb({ diskMiB: 64 });
  let gateway: PrivateGateway | undefined;
  afterAll(async () => {
    server().freeDisk();
    await gateway?.db.close().catch(() => undefined);
  });

  it('keeps the log rows buffered while the disk is full, says what is full, and writes every row once space is freed', async () => {
    gateway = await openPrivateGateway(server(), {
      // One row per INSERT. InnoDB may need new space to roll back a multi-row INSERT that hit ENOSPC half way: it
      // then retries for a few seconds in state "Rollback" and, still out of space, aborts the whole server
      // ("[FATAL] InnoDB: Error (Out of disk space) in rollback", seen here with a 200 KB value). A one-row INSERT
      // fails before it changes anything.
      logWriter: { flushIntervalMs: 50, retryDelayMs: 100, maxRetryDelayMs: 400, maxBatchRows: 1 },
    });
    const { db, reports } = gateway;
    for (let i = 0; i < 100; i++) db.apiRequests.create(apiRequestRow());
    expect(await eventually(() => db.logWriterStats().written === 100, 10_000)).toBe(true);

    server().fillDisk(256 * 1024);
    const body = JSON.stringify({ text: 'x'.repeat(1_000) });
    for (let i = 0; i < ROWS_WHILE_FULL; i++) db.apiRequests.create(apiRequestRow({ response_body: body }));
    expect(
      await eventually(() => reports.some((r) => r.kind === 'retrying' && r.code === 'STORAGE_FULL'), 15_000),
    ).toBe(true);
    const whileFull = db.logWriterStats();
    expect(whileFull.written).toBeLessThan(100 + ROWS_WHILE_FULL);
    expect(whileFull).toMatchObject({ rejected: 0, dropped: 0, lost: 0 });

    // Writes of one's own into the table (db.orm), until one needs new space, get the message: which table is full,
    // where, and what to do.
    const { orm } = db;
    if (orm.dialect !== 'mysql') throw new Error('expected the MySQL store');
    let ownRows = 0;
    let refused: unknown;
    while (refused === undefined && ownRows < 5_000) {
      refused = await orm.client
        .insert(orm.tables.apiRequests)
        .values(apiRequestRow({ response_body: body }))
        .then(
          () => void ownRows++,
          (error: unknown) => error,
        );
    }
    expect(refused).toMatchObject({ code: 'STORAGE_FULL' });
    expect(isGatewayDbError(refused) && isRetryable(refused)).toBe(true);
    expect((refused as Error).message).toMatch(/^Table api_requests is full on 127\.0\.0\.1:\d+: .*free disk space/);

    server().freeDisk();
    expect(await eventually(() => db.logWriterStats().written === 100 + ROWS_WHILE_FULL, 30_000)).toBe(true);
    expect(db.logWriterStats()).toMatchObject({ buffered: 0, rejected: 0, dropped: 0, lost: 0 });
    expect(reports.filter((r) => r.kind !== 'retrying')).toEqual([]);
    expect(await storedRows(server())).toBe(100 + ROWS_WHILE_FULL + ownRows);
  });
});
