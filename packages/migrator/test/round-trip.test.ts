import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigrationReport, migrate, silentLogger } from '../src/index.js';
import { expectLegacyContentIn, expectSameStores } from './support/content.js';
import { createTarget, readPlainRows, type TestTarget, tempDir } from './support/stores.js';

function checksums(report: MigrationReport): Record<string, string | undefined> {
  return Object.fromEntries(report.tables.map((t) => [t.table, t.targetChecksum]));
}

if (testDialects().includes('mysql'))
  describe('the rollback path: legacy -> MySQL -> SQLite -> MySQL', () => {
    let dir: ReturnType<typeof tempDir>;
    const targets: TestTarget[] = [];
    beforeAll(() => {
      dir = tempDir('round-trip');
    });
    afterAll(async () => {
      for (const target of targets) await target.drop();
      dir.remove();
    });

    it('gives identical checksums and identical rows at every hop', async () => {
      const file = join(dir.path, 'gateway.db');
      await buildLegacyFile(file, {
        version: 'S6',
        hostile: true,
        seed: 9,
        rows: { api_requests: 60 },
        bodyBytes: 700,
      });
      const [mysqlA, sqliteB, mysqlC] = [
        await createTarget('mysql', 'rtA'),
        await createTarget('sqlite', 'rtB'),
        await createTarget('mysql', 'rtC'),
      ];
      targets.push(mysqlA, sqliteB, mysqlC);
      const run = (from: string, to: string) => migrate({ from, to, logger: silentLogger, backupDir: false });

      const first = await run(`sqlite:${file}`, mysqlA.url);
      const second = await run(mysqlA.url, sqliteB.url);
      const third = await run(sqliteB.url, mysqlC.url);
      expect(checksums(second)).toEqual(checksums(first));
      expect(checksums(third)).toEqual(checksums(first));
      await expectLegacyContentIn(file, mysqlC.url);
      await expectSameStores(mysqlA.url, mysqlC.url);
      await expectSameStores(mysqlA.url, sqliteB.url);

      const verified = await migrate({
        from: `sqlite:${file}`,
        to: mysqlC.url,
        verifyOnly: true,
        logger: silentLogger,
      });
      expect(verified.tables.every((t) => t.match)).toBe(true);
    });

    it('copies rows written to MySQL after the import back to SQLite (no stale backup)', async () => {
      const [mysqlA, ,] = targets;
      if (!mysqlA) throw new Error('first test did not run');
      const { default: mysql } = await import('mysql2/promise');
      const conn = await mysql.createConnection({ uri: mysqlA.url });
      try {
        await conn.query(
          "INSERT INTO system_config (`key`, `value`, `updated_at`) VALUES ('written_after_import', '✓ 新', 1)",
        );
      } finally {
        await conn.end();
      }
      const back = await createTarget('sqlite', 'rtD');
      targets.push(back);
      await migrate({ from: mysqlA.url, to: back.url, logger: silentLogger, backupDir: false });
      expect((await readPlainRows(back.url, 'system_config')).get('s:written_after_import')?.value).toBe('s:✓ 新');
    });

    it('--verify-only reports a difference and fails', async () => {
      const [mysqlA, sqliteB] = targets;
      if (!mysqlA || !sqliteB) throw new Error('first test did not run');
      const error = await migrate({ from: sqliteB.url, to: mysqlA.url, verifyOnly: true, logger: silentLogger }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'VERIFY_FAILED' });
      expect(String((error as Error).message)).toContain('system_config');
    });
  });
