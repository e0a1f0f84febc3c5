import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type ProgressListener, silentLogger } from '../src/index.js';
import { expectLegacyContentIn } from './support/content.js';
import { createTarget, tempDir } from './support/stores.js';

const quiet: ProgressListener = { phaseStarted() {}, tableStarted() {}, rowsDone() {}, tableDone() {}, phaseDone() {} };

if (testDialects().includes('mysql'))
  describe('an interrupted import into MySQL', () => {
    let dir: ReturnType<typeof tempDir>;
    let file: string;
    beforeAll(async () => {
      dir = tempDir('interrupted');
      file = join(dir.path, 'gateway.db');
      await buildLegacyFile(file, {
        version: 'S6',
        hostile: true,
        seed: 12,
        rows: { api_requests: 400 },
        bodyBytes: 1500,
      });
    });
    afterAll(() => dir.remove());

    it('--resume continues after the last table copied, and the result is verified', async () => {
      const target = await createTarget('mysql', 'resume');
      try {
        const stopAfterKeys: ProgressListener = {
          ...quiet,
          tableDone: (phase, table) => {
            if (phase === 'copy' && table === 'virtual_keys') throw new Error('simulated crash');
          },
        };
        await expect(
          migrate({
            from: `sqlite:${file}`,
            to: target.url,
            logger: silentLogger,
            backupDir: false,
            progress: stopAfterKeys,
          }),
        ).rejects.toThrow();
        const conn = await mysql.createConnection({ uri: target.url });
        const [state] = await conn.query('SELECT `name`, `state` FROM gateway_db_import_state ORDER BY `name`');
        await conn.end();
        expect(state).toContainEqual({ name: '_run', state: 'copying' });
        expect(state).toContainEqual({ name: 'virtual_keys', state: 'copied' });
        const resumed = await migrate({
          from: `sqlite:${file}`,
          to: target.url,
          logger: silentLogger,
          backupDir: false,
          resume: true,
        });
        expect(resumed.notes.join()).toMatch(/resuming/);
        const seconds = Object.fromEntries(resumed.tables.map((t) => [t.table, t.seconds]));
        expect(seconds.users).toBe(0);
        expect(seconds.virtual_keys).toBe(0);
        expect(seconds.api_requests).toBeGreaterThan(0);
        expect(resumed.tables.every((t) => t.match)).toBe(true);
        await expectLegacyContentIn(file, target.url);
      } finally {
        await target.drop();
      }
    });

    it('a lost connection fails with CONNECTION, and the next run starts over and ends verified', async () => {
      const target = await createTarget('mysql', 'lost');
      const admin = await mysql.createConnection({ uri: target.url });
      try {
        const database = new URL(target.url).pathname.slice(1);
        let killed = false;
        const killWriters: ProgressListener = {
          ...quiet,
          rowsDone: (phase, table) => {
            if (phase !== 'copy' || table !== 'api_requests' || killed) return;
            killed = true;
            void admin
              .query('SELECT ID FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID()', [database])
              .then(async ([rows]) => {
                for (const { ID } of rows as { ID: number }[])
                  await admin.query(`KILL CONNECTION ${Number(ID)}`).catch(() => undefined);
              });
          },
        };
        const error = await migrate({
          from: `sqlite:${file}`,
          to: target.url,
          logger: silentLogger,
          backupDir: false,
          progress: killWriters,
          batchBytes: 65536,
        }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: expect.stringMatching(/CONNECTION|QUERY/) });
        const rerun = await migrate({ from: `sqlite:${file}`, to: target.url, logger: silentLogger, backupDir: false });
        expect(rerun.notes.join()).toMatch(/interrupted import was found/);
        expect(rerun.tables.every((t) => t.match)).toBe(true);
        await expectLegacyContentIn(file, target.url);
      } finally {
        await admin.end();
        await target.drop();
      }
    });

    it('refuses --resume when the source changed since the interrupted import', async () => {
      const target = await createTarget('mysql', 'changed');
      try {
        const crash: ProgressListener = {
          ...quiet,
          tableDone: (phase, table) => {
            if (phase === 'copy' && table === 'users') throw new Error('simulated crash');
          },
        };
        await expect(
          migrate({ from: `sqlite:${file}`, to: target.url, logger: silentLogger, backupDir: false, progress: crash }),
        ).rejects.toThrow();
        const other = join(dir.path, 'other.db');
        await buildLegacyFile(other, { version: 'S6', seed: 13, rows: { api_requests: 10 }, bodyBytes: 200 });
        const error = await migrate({
          from: `sqlite:${other}`,
          to: target.url,
          logger: silentLogger,
          backupDir: false,
          resume: true,
        }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'CONFLICT' });
      } finally {
        await target.drop();
      }
    });
  });
