import { copyFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '@gateway-db/core/config.js';
import { openStore } from '@gateway-db/core/open-store.js';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type ProgressListener, runStartupImport, silentLogger } from '../src/index.js';
import { expectLegacyContentIn } from './support/content.js';
import { createTarget, tempDir } from './support/stores.js';

const quiet: ProgressListener = { phaseStarted() {}, tableStarted() {}, rowsDone() {}, tableDone() {}, phaseDone() {} };

/** A progress listener that kills the run (as a crash would) once `table` is copied. */
const crashAfterCopying = (crashTable: string): ProgressListener => ({
  ...quiet,
  tableDone: (phase, table) => {
    if (phase === 'copy' && table === crashTable) throw new Error('simulated crash');
  },
});

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
        const stopAfterKeys = crashAfterCopying('virtual_keys');
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
        const crash = crashAfterCopying('users');
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

    it('the start-up import never replaces the leftovers of an interrupted import of another or a changed source', async () => {
      const target = await createTarget('mysql', 'startup');
      const crash = crashAfterCopying('virtual_keys');
      const newer = join(dir.path, 'live.sqlite');
      copyFileSync(file, newer);
      const older = join(dir.path, 'old-gateway.db');
      await buildLegacyFile(older, { version: 'S6', seed: 14, rows: { api_requests: 5 }, bodyBytes: 100 });
      const startUp = async (legacyDbPath: string) => {
        const config = loadConfig({ dialect: 'mysql', mysql: { url: target.url }, legacyDbPath }, {}, false);
        const executor = await openStore(config);
        try {
          await runStartupImport({ executor, config, logger: silentLogger }, { backupDir: join(dir.path, 'backup') });
          return 'imported';
        } catch (error) {
          return error;
        } finally {
          await executor.close();
        }
      };
      const leftovers = async () => {
        const conn = await mysql.createConnection({ uri: target.url });
        try {
          const [[run]] = (await conn.query(
            "SELECT `state`, `source` FROM gateway_db_import_state WHERE `name` = '_run'",
          )) as [{ state: string; source: string }[], unknown];
          const [[keys]] = (await conn.query('SELECT COUNT(*) AS n FROM virtual_keys')) as [{ n: number }[], unknown];
          return { run, keys: Number(keys?.n) };
        } finally {
          await conn.end();
        }
      };
      try {
        // `pnpm migrate` from the newer source dies half way; then the gateway restarts with an old legacy file.
        await expect(
          migrate({ from: `sqlite:${newer}`, to: target.url, logger: silentLogger, backupDir: false, progress: crash }),
        ).rejects.toThrow();
        const before = await leftovers();
        expect(before.run).toEqual({ state: 'copying', source: `sqlite:${newer}` });
        expect(before.keys).toBeGreaterThan(0);

        const other = await startUp(older);
        expect(other).toMatchObject({ code: 'LEGACY_FILE' });
        expect((other as Error).message).toContain(`unfinished import from sqlite:${newer}, not from sqlite:${older}`);
        expect((other as Error).message).toContain(`pnpm migrate --from sqlite:${newer} --to mysql://`);
        expect(await leftovers()).toEqual(before);

        // The same path, but the file changed since the import began.
        const later = new Date(Date.now() + 60_000);
        utimesSync(newer, later, later);
        const changed = await startUp(newer);
        expect(changed).toMatchObject({ code: 'LEGACY_FILE', message: expect.stringContaining('changed since') });
        expect(await leftovers()).toEqual(before);

        // The unchanged source of the leftovers: the start-up import starts over and ends verified.
        await expect(
          migrate({
            from: `sqlite:${file}`,
            to: target.url,
            logger: silentLogger,
            backupDir: false,
            replace: true,
            progress: crash,
          }),
        ).rejects.toThrow();
        expect(await startUp(file)).toBe('imported');
        await expectLegacyContentIn(file, target.url);
      } finally {
        await target.drop();
      }
    });
  });
