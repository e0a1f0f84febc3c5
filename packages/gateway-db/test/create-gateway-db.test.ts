import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LegacyImportContext } from '@gateway-db/core';
import { type GatewayDbLogger, silentLogger } from '@gateway-db/core/logger.js';
import { openStore } from '@gateway-db/core/open-store.js';
import { requireMysqlServer, testDialects } from '@gateway-db/test-support';
import { sql } from 'drizzle-orm';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createGatewayDb, type GatewayDb } from '../src/create-gateway-db.js';
import { testStoreConfig } from './helpers/test-store.js';

function recordingLogger(): GatewayDbLogger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

describe.each(testDialects())('createGatewayDb on %s', (dialect) => {
  let db: GatewayDb;
  let dropDatabase: () => Promise<void>;
  let config: Awaited<ReturnType<typeof testStoreConfig>>['config'];
  const logger = recordingLogger();
  const imports: LegacyImportContext[] = [];

  beforeAll(async () => {
    ({ config, drop: dropDatabase } = await testStoreConfig(dialect, 'create'));
    db = await createGatewayDb({
      config,
      logger,
      logWriter: { flushIntervalMs: 60_000, maxBatchRows: 2 },
      legacyImporter: async (context) => {
        imports.push(context);
      },
    });
  });
  afterAll(async () => {
    await db?.close();
    await dropDatabase?.();
  });

  it('opens the store with the schema applied and the repositories ready', async () => {
    expect(db.dialect).toBe(dialect);
    await db.systemConfig.set('cors_enabled', 'true');
    expect((await db.systemConfig.get('cors_enabled'))?.value).toBe('true');
    expect(logger.lines.some((line) => line.startsWith('applied migration'))).toBe(true);
  });

  it('runs the legacy import hook once, after the migrations, with the store and config', () => {
    expect(imports).toHaveLength(1);
    expect(imports[0]?.config.legacyDbPath).toBe('./data/gateway.db');
    expect(imports[0]?.executor.dialect).toBe(dialect);
  });

  it('reports health with the dialect and a latency', async () => {
    const health = await db.health();
    expect(health).toMatchObject({ ok: true, dialect });
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('rolls back the repositories\u2019 writes made in a failed transaction', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.systemConfig.set('in_tx', '1');
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await db.systemConfig.get('in_tx')).toBeUndefined();
  });

  it('writes api_requests created inside a transaction, once the transaction is over', async () => {
    const before = db.logWriterStats().written;
    await db.transaction(async (tx) => {
      for (let i = 0; i < 3; i++) tx.apiRequests.create({ model: 'in-tx', status: 'success' });
      await tx.systemConfig.set('tx_with_logs', '1');
    });
    // Two of the rows filled a batch inside the transaction: that flush waited for the commit instead of failing.
    await db.apiRequests.flush();
    expect(db.logWriterStats()).toMatchObject({ written: before + 3, rejected: 0, buffered: 0 });
    expect(logger.lines.filter((line) => line.includes('cannot be written'))).toEqual([]);
  });

  it('writes buffered api_requests on close(), then closes the store; a second close() is harmless', async () => {
    for (let i = 0; i < 5; i++) db.apiRequests.create({ model: 'at-close', status: 'success' });
    expect(db.logWriterStats().buffered).toBeGreaterThan(0);
    await db.close();
    await db.close();
    expect((await db.health()).ok).toBe(false);
    const reopened = await openStore(config);
    try {
      const row = await reopened.get('SELECT COUNT(*) AS n FROM `api_requests` WHERE `model` = ?', ['at-close']);
      expect(Number(row?.n)).toBe(5);
    } finally {
      await reopened.close();
    }
  });
});

describe('createGatewayDb defaults', () => {
  if (testDialects().includes('sqlite'))
    it('creates the SQLite folder and file, in WAL mode, and imports nothing when there is no legacy file', async () => {
      const folder = mkdtempSync(join(tmpdir(), 'gw-create-'));
      onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
      const path = join(folder, 'nested', 'folder', 'gateway.sqlite');
      const logger = recordingLogger();
      const db = await createGatewayDb({
        dialect: 'sqlite',
        sqlite: { path },
        legacyDbPath: `${path}.legacy.db`,
        logger,
        env: {},
      });
      try {
        expect(existsSync(path)).toBe(true);
        expect(existsSync(`${path}-wal`)).toBe(true);
        expect(logger.lines).toContainEqual(
          expect.stringMatching(/^\[Migration\] 未找到旧数据库 .*legacy\.db: 无需迁移$/),
        );
      } finally {
        await db.close();
      }
    });

  if (testDialects().includes('sqlite'))
    it.each([
      { sqliteReadWorker: undefined, autocheckpoint: 0 },
      { sqliteReadWorker: false, autocheckpoint: 1000 },
    ])(
      'reads dashboards through the SQLite read worker unless told not to ($sqliteReadWorker)',
      async ({ sqliteReadWorker, autocheckpoint }) => {
        const folder = mkdtempSync(join(tmpdir(), 'gw-worker-'));
        onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
        const path = join(folder, 'gateway.sqlite');
        const db = await createGatewayDb({
          dialect: 'sqlite',
          sqlite: { path },
          legacyImporter: false,
          logger: recordingLogger(),
          env: {},
          ...(sqliteReadWorker === undefined ? {} : { sqliteReadWorker }),
        });
        try {
          db.apiRequests.create({ model: 'm', status: 'success' });
          await db.apiRequests.flush();
          expect((await db.apiRequests.getStats()).totalRequests).toBe(1);
          await new Promise((resolve) => setTimeout(resolve, 20));
          // The worker, once started by the first dashboard read, took the WAL checkpoints over.
          if (db.orm.dialect !== 'sqlite') throw new Error('expected SQLite');
          expect(await db.orm.client.get(sql`PRAGMA wal_autocheckpoint`)).toEqual([autocheckpoint]);
        } finally {
          await db.close();
        }
      },
    );

  if (testDialects().includes('mysql'))
    it('creates the MySQL database, utf8mb4_unicode_ci, when it is missing', async () => {
      const server = requireMysqlServer();
      const database = `gwtest_missing_${process.pid}_${Date.now().toString(36)}`;
      const admin = await mysql.createConnection({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
      });
      try {
        const db = await createGatewayDb({
          dialect: 'mysql',
          mysql: { host: server.host, port: server.port, user: server.user, password: server.password, database },
          logger: silentLogger,
          env: {},
        });
        await db.close();
        const [rows] = await admin.query<mysql.RowDataPacket[]>(
          'SELECT DEFAULT_CHARACTER_SET_NAME AS charset, DEFAULT_COLLATION_NAME AS collation FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
          [database],
        );
        expect(rows[0]).toMatchObject({ charset: 'utf8mb4', collation: 'utf8mb4_unicode_ci' });
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
        await admin.end();
      }
    });
});
