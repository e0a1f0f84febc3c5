/**
 * The SQLite read worker: heavy reads run on a connection in a worker thread, so the event loop (every proxied
 * request) keeps running while they do; results are those of the main connection; a worker that dies hands its
 * reads back to the main connection; the WAL checkpoints move to the worker and back.
 */
import { createSqliteTestPath } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { SHA256_FUNCTION } from '../src/dialect/sqlite/sqlite-connection.js';
import { SqliteReadWorker } from '../src/dialect/sqlite/sqlite-read-worker.js';
import type { StoreExecutor } from '../src/dialect/store-executor.js';
import { isGatewayDbError } from '../src/errors.js';
import { openStore } from '../src/open-store.js';

/** Pure CPU in SQLite: counts to `n` (a few hundred ms for 3 million here). */
const heavy = (n: number) =>
  `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) SELECT COUNT(*) AS n FROM c`;

/** The longest gap between ticks of a 5 ms timer while `work` runs: how long the event loop was held. */
async function longestStall(work: () => Promise<unknown>): Promise<{ stallMs: number; result: unknown }> {
  let last = performance.now();
  let stallMs = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    // Let the ticker start first.
    await new Promise((resolve) => setTimeout(resolve, 20));
    last = performance.now();
    const result = await work();
    stallMs = Math.max(stallMs, performance.now() - last);
    return { stallMs, result };
  } finally {
    clearInterval(ticker);
  }
}

describe('the SQLite read worker', () => {
  const file = createSqliteTestPath('read-worker');
  let executor: StoreExecutor;
  const warnings: string[] = [];
  let worker: SqliteReadWorker;

  beforeAll(async () => {
    executor = await openStore(loadConfig({}, { SQLITE_PATH: file.path }, false));
    await executor.run('CREATE TABLE `notes` (`id` INTEGER PRIMARY KEY, `body` TEXT, `raw` BLOB, `flag` INTEGER)');
    await executor.run('INSERT INTO `notes` VALUES (1, ?, ?, 1), (2, ?, NULL, 0)', [
      '模型 😀',
      Buffer.from([0, 255]),
      'b',
    ]);
    worker = new SqliteReadWorker(executor, {
      path: file.path,
      logger: { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await executor?.close();
    await file.drop();
  });

  it('answers as the main connection does: rows, value lists, one row, text, bytes and the sha256 function', async () => {
    const select = `SELECT id, body, raw, flag, ${SHA256_FUNCTION}(body) AS key FROM notes WHERE flag >= ? ORDER BY id`;
    expect(await worker.all(select, [false])).toEqual(await executor.all(select, [false]));
    expect(await worker.values(select, [true])).toEqual(await executor.values(select, [true]));
    expect(await worker.get(select, [0])).toEqual(await executor.get(select, [0]));
    const [first] = await worker.all(select, [1]);
    expect(Buffer.isBuffer(first?.raw)).toBe(true);
    expect(first?.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sees what the main connection committed, at once', async () => {
    await executor.run('INSERT INTO `notes` VALUES (3, ?, NULL, 1)', ['written']);
    expect(await worker.get('SELECT body FROM notes WHERE id = ?', [3])).toEqual({ body: 'written' });
  });

  it('keeps the event loop free while a heavy read runs (the same read on the main connection holds it)', async () => {
    const onMain = await longestStall(() => executor.get(heavy(3_000_000)));
    const inWorker = await longestStall(() => worker.get(heavy(3_000_000)));
    expect(inWorker.result).toEqual(onMain.result);
    // The read is heavy enough to show it: on the main connection the loop waited for all of it.
    expect(onMain.stallMs).toBeGreaterThan(200);
    // Not 0: other test files share the 2 cores, so the timer itself runs late now and then.
    expect(inWorker.stallMs).toBeLessThan(100);
  });

  it('maps SQLite errors as the main connection does, and sends writes to the main connection', async () => {
    await expect(worker.all('SELECT nope FROM notes')).rejects.toMatchObject({ code: 'QUERY' });
    await worker.run('INSERT INTO `notes` VALUES (4, ?, NULL, 0)', ['via run']);
    expect(await executor.get('SELECT body FROM notes WHERE id = 4')).toEqual({ body: 'via run' });
  });

  it('takes the WAL checkpoints over from the main connection', async () => {
    await worker.get('SELECT 1 AS one');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await executor.get('PRAGMA wal_autocheckpoint')).toEqual({ wal_autocheckpoint: 0 });
  });

  it('hands reads back to the main connection when the worker dies, and turns its checkpoints back on', async () => {
    const dying = new SqliteReadWorker(executor, {
      path: file.path,
      logger: { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined },
    });
    const pending = dying.get(heavy(3_000_000));
    // Kill the thread mid-read, as a crash would.
    await (dying as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    expect(await pending).toEqual({ n: 3_000_000 });
    expect(await dying.get('SELECT body FROM notes WHERE id = 1')).toEqual({ body: '模型 😀' });
    expect(warnings.join('\n')).toMatch(/read worker stopped .*run on the main connection/);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await executor.get('PRAGMA wal_autocheckpoint')).toEqual({ wal_autocheckpoint: 1000 });
    await dying.close();
  });

  it('fails reads after close() with CLOSED', async () => {
    const closing = new SqliteReadWorker(executor, { path: file.path });
    const pending = closing.get(heavy(3_000_000)).catch((error: unknown) => error);
    await closing.close();
    expect(isGatewayDbError(await pending, 'CLOSED')).toBe(true);
    await expect(closing.get('SELECT 1')).rejects.toMatchObject({ code: 'CLOSED' });
  });
});
