/**
 * SQLite's one wait is for another process's write lock, and `busy_timeout` (SQLITE_BUSY_TIMEOUT_MS) bounds it: a
 * write fails with BUSY (retryable) once it has passed, and reads never wait in WAL mode. (better-sqlite3 runs each
 * statement synchronously, so there is no other wait to bound.)
 */
import { createSqliteTestPath } from '@gateway-db/test-support';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { StoreExecutor } from '../src/dialect/store-executor.js';
import { isGatewayDbError, isRetryable } from '../src/errors.js';
import { openStore } from '../src/open-store.js';

const BUSY_TIMEOUT_MS = 400;

describe('the SQLite busy timeout', () => {
  const file = createSqliteTestPath('busy');
  let executor: StoreExecutor;
  let otherProcess: Database.Database;

  beforeAll(async () => {
    const config = loadConfig({}, { SQLITE_PATH: file.path, SQLITE_BUSY_TIMEOUT_MS: String(BUSY_TIMEOUT_MS) }, false);
    executor = await openStore(config);
    await executor.run('CREATE TABLE `notes` (`id` INTEGER PRIMARY KEY, `body` TEXT)');
    await executor.run('INSERT INTO `notes` VALUES (1, ?)', ['one']);
    otherProcess = new Database(file.path);
  });
  afterAll(async () => {
    otherProcess?.close();
    await executor?.close();
    await file.drop();
  });

  it('is read from SQLITE_BUSY_TIMEOUT_MS (default 5000)', async () => {
    expect(await executor.get('PRAGMA busy_timeout')).toEqual({ timeout: BUSY_TIMEOUT_MS });
    expect(loadConfig({}, { SQLITE_PATH: file.path }, false)).toMatchObject({ sqlite: { busyTimeoutMs: 5000 } });
  });

  it('fails a write with a retryable BUSY once the other writer held the lock for the busy timeout', async () => {
    otherProcess.exec('BEGIN IMMEDIATE');
    try {
      const started = performance.now();
      const error = await executor.run('INSERT INTO `notes` VALUES (2, ?)', ['two']).catch((e: unknown) => e);
      const waited = performance.now() - started;
      expect(isGatewayDbError(error, 'BUSY') && isRetryable(error)).toBe(true);
      expect(waited).toBeGreaterThanOrEqual(BUSY_TIMEOUT_MS - 50);
      expect(waited).toBeLessThan(BUSY_TIMEOUT_MS + 1_500);
      // Reads do not wait for the writer (WAL).
      const readStarted = performance.now();
      expect(await executor.get('SELECT `body` FROM `notes` WHERE `id` = 1')).toEqual({ body: 'one' });
      expect(performance.now() - readStarted).toBeLessThan(BUSY_TIMEOUT_MS / 2);
    } finally {
      otherProcess.exec('ROLLBACK');
    }
    await executor.run('INSERT INTO `notes` VALUES (2, ?)', ['two']);
  });
});
