/**
 * A hung MariaDB (SIGSTOP: the kernel still accepts connections, the server answers nothing, as in a partition or
 * a stuck server). Every wait is bounded: reads, writes and `health()` fail with TIMEOUT within
 * MYSQL_ACQUIRE_TIMEOUT_MS + MYSQL_STATEMENT_TIMEOUT_MS, the log writer keeps its rows and writes them once the
 * server answers again, and `close()` returns. Before, each of these waited for the whole outage.
 */
import { isGatewayDbError } from '@gateway-db/core/errors.js';
import { usePrivateMariadb } from '@gateway-db/test-support';
import { afterEach, describe, expect, it } from 'vitest';
import { apiRequestRow } from '../helpers/rows.js';
import { eventually, openPrivateGateway, type PrivateGateway, storedRows } from './support/private-gateway.js';

const STATEMENT_MS = 1_000;
const ACQUIRE_MS = 1_000;
/** The most any call may take while the server is stopped: both bounds, plus slack for a busy 2-core machine. */
const BOUND_MS = STATEMENT_MS + ACQUIRE_MS + 1_500;

/** The outcome of `work` and how long it took; a call still waiting after `ms` counts as hanging. */
async function within<T>(ms: number, work: Promise<T>): Promise<{ outcome: T | unknown; ms: number }> {
  const started = performance.now();
  const hanging = new Promise((resolve) => setTimeout(() => resolve('still waiting'), ms).unref());
  const outcome = await Promise.race([work.catch((error: unknown) => error), hanging]);
  return { outcome, ms: performance.now() - started };
}

describe('a MariaDB server stopped with SIGSTOP', () => {
  const server = usePrivateMariadb();
  let gateway: PrivateGateway | undefined;
  afterEach(async () => {
    server().resume();
    await gateway?.db.close().catch(() => undefined);
    gateway = undefined;
  });

  const open = async () => {
    gateway = await openPrivateGateway(server(), {
      pool: { statementTimeoutMs: STATEMENT_MS, acquireTimeoutMs: ACQUIRE_MS, connectionLimit: 3 },
      logWriter: { flushIntervalMs: 50, retryDelayMs: 200, maxRetryDelayMs: 400 },
    });
    return gateway;
  };

  it('fails reads, writes and the health check with TIMEOUT within the bounds, then serves again', async () => {
    const { db } = await open();
    await db.providers.create({ id: 'p1', name: 'one', base_url: 'http://upstream', api_key: 'k1' });
    await server().pause();

    const read = await within(BOUND_MS * 2, db.providers.getById('p1'));
    expect(read.outcome).toMatchObject({ code: 'TIMEOUT' });
    expect(read.ms).toBeLessThan(BOUND_MS);
    const write = await within(
      BOUND_MS * 2,
      db.providers.create({ id: 'p2', name: 'two', base_url: 'http://x', api_key: 'k2' }),
    );
    expect(write.outcome).toMatchObject({ code: 'TIMEOUT' });
    expect(write.ms).toBeLessThan(BOUND_MS);

    const health = await within(BOUND_MS * 2, db.health());
    expect(health.outcome).toMatchObject({ ok: false, error: expect.stringMatching(/within \d+ ms/) });
    expect(health.ms).toBeLessThan(BOUND_MS);

    // More callers than connections: those waiting for a connection are bounded too.
    const many = await within(
      BOUND_MS * 2,
      Promise.all(Array.from({ length: 8 }, () => db.providers.getAll().catch((error: unknown) => error))),
    );
    expect(many.ms).toBeLessThan(BOUND_MS + STATEMENT_MS);
    expect((many.outcome as unknown[]).every((error) => isGatewayDbError(error, 'TIMEOUT'))).toBe(true);

    server().resume();
    expect(await eventually(async () => (await db.health()).ok, 5_000)).toBe(true);
    expect(await db.providers.getById('p1')).toMatchObject({ name: 'one' });
  });

  it('keeps the log rows buffered while the server is stopped and writes every one of them afterwards', async () => {
    const { db, reports } = await open();
    db.apiRequests.create(apiRequestRow());
    expect(await eventually(() => db.logWriterStats().written === 1, 5_000)).toBe(true);
    await server().pause();
    for (let i = 0; i < 300; i++) db.apiRequests.create(apiRequestRow());
    expect(
      await eventually(() => reports.some((r) => r.kind === 'retrying' && r.code === 'TIMEOUT'), BOUND_MS * 2),
    ).toBe(true);
    expect(db.logWriterStats()).toMatchObject({ written: 1, buffered: 300, rejected: 0, dropped: 0, lost: 0 });

    server().resume();
    expect(await eventually(() => db.logWriterStats().written === 301, 10_000)).toBe(true);
    expect(await storedRows(server())).toBe(301);
  });

  it('returns from close() within the bounds, reporting the rows it could not write as lost', async () => {
    const { db, reports } = await open();
    db.apiRequests.create(apiRequestRow());
    expect(await eventually(() => db.logWriterStats().written === 1, 5_000)).toBe(true);
    await server().pause();
    for (let i = 0; i < 50; i++) db.apiRequests.create(apiRequestRow());
    // A background flush may be waiting already: close() waits for it, then tries once more.
    const closed = await within(BOUND_MS * 4, db.close());
    expect(closed.ms).toBeLessThan(2 * BOUND_MS + ACQUIRE_MS);
    expect(isGatewayDbError(closed.outcome, 'TIMEOUT')).toBe(true);
    expect(reports).toContainEqual({ kind: 'lost', count: 50, code: 'TIMEOUT' });
    gateway = undefined;
  });
});
