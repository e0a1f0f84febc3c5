/**
 * A gateway started with a bad configuration must stop at once with ONE line that says what to fix: a
 * GatewayDbError whose code and message name the setting, without any secret, within 10 s.
 *
 * Tests run as root, where `chmod 0555` does not stop writes; the read-only data folder is therefore made real
 * with paths root cannot write either: a data folder "under" a regular file (mkdir fails with ENOTDIR) and
 * folders in /proc (a kernel file system that accepts no new files).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayDbError, type GatewayDbErrorCode } from '@gateway-db/core/errors.js';
import { silentLogger } from '@gateway-db/core/logger.js';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CreateGatewayDbOptions, createGatewayDb } from '../../src/create-gateway-db.js';
import { markersIn, printedForms } from './support/leak-check.js';
import { createMysqlSecretUser, type MysqlSecretUser } from './support/mysql-secret-user.js';
import { BAD_CONFIG_SECRETS } from './support/secret-markers.js';

const { mysqlPassword: PASSWORD, wrongPassword: WRONG_PASSWORD } = BAD_CONFIG_SECRETS;
const MARKERS = [PASSWORD, WRONG_PASSWORD];
const TEN_SECONDS = 10_000;

interface StartupFailure {
  readonly error: GatewayDbError;
  readonly ms: number;
}

/** Starts gateway-db with `options` (no environment, no .env) and returns how it failed and how long it took. */
async function startupFailure(options: CreateGatewayDbOptions): Promise<StartupFailure> {
  const started = performance.now();
  let db: Awaited<ReturnType<typeof createGatewayDb>> | undefined;
  try {
    db = await createGatewayDb({ logger: silentLogger, env: {}, ...options });
  } catch (error) {
    const ms = performance.now() - started;
    if (!(error instanceof GatewayDbError)) throw new Error(`expected a GatewayDbError, got: ${printedForms(error)}`);
    return { error, ms };
  }
  await db.close();
  throw new Error('expected createGatewayDb to refuse this configuration');
}

/** The failure is one line, with the code and a message naming what to fix, quick, and secret-free. */
function expectOneLineError(failure: StartupFailure, code: GatewayDbErrorCode, whatToFix: RegExp): void {
  expect({ code: failure.error.code, message: failure.error.message }).toEqual({
    code,
    message: expect.stringMatching(whatToFix),
  });
  expect(failure.error.message).not.toMatch(/[\r\n]/);
  expect(failure.ms).toBeLessThan(TEN_SECONDS);
  expect(markersIn(printedForms(failure.error), MARKERS)).toEqual([]);
}

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('bad configuration of any dialect', () => {
  it('refuses an unknown dialect, naming DB_DIALECT and the accepted values', async () => {
    for (const dialect of ['postgres', 'MySQL ', 'sqlite3', 'mariadb']) {
      expectOneLineError(
        await startupFailure({ env: { DB_DIALECT: dialect } }),
        'CONFIG',
        /DB_DIALECT must be sqlite or mysql/,
      );
    }
    expectOneLineError(await startupFailure({ dialect: 'oracle' }), 'CONFIG', /DB_DIALECT/);
  });
});

if (testDialects().includes('mysql'))
  describe('bad MySQL configuration', () => {
    let secretUser: MysqlSecretUser;
    const env = (overrides: Record<string, string>) => ({
      DB_DIALECT: 'mysql',
      MYSQL_PASSWORD: PASSWORD,
      ...overrides,
    });

    beforeAll(async () => {
      secretUser = await createMysqlSecretUser(PASSWORD, 'badcfg');
    });
    afterAll(async () => secretUser?.drop());

    it('refuses a port that is not a number from 1 to 65535, naming MYSQL_PORT', async () => {
      for (const port of ['abc', '3306abc', '0', '65536', '-1', '1e3', '33 06', '3306.5']) {
        expectOneLineError(
          await startupFailure({ env: env({ MYSQL_PORT: port }) }),
          'CONFIG',
          /MYSQL_PORT must be a whole number from 1 to 65535/,
        );
      }
      expectOneLineError(
        await startupFailure({ dialect: 'mysql', mysql: { port: 70_000, password: PASSWORD } }),
        'CONFIG',
        /MYSQL_PORT/,
      );
    });

    it('refuses a MYSQL_URL with a bad port or scheme without repeating the URL (it holds the password)', async () => {
      const bad = [
        `mysql://root:${PASSWORD}@127.0.0.1:99999/db`,
        `postgres://root:${PASSWORD}@127.0.0.1:5432/db`,
        `mysql://root:${PASSWORD}@[::1`,
      ];
      for (const url of bad) {
        expectOneLineError(
          await startupFailure({ env: { DB_DIALECT: 'mysql', MYSQL_URL: url } }),
          'CONFIG',
          /MYSQL_URL/,
        );
      }
    });

    it('refuses a database name that is not a plain identifier, naming MYSQL_DATABASE', async () => {
      for (const name of ['db`; DROP DATABASE mysql; --', 'a b', 'x'.repeat(65)]) {
        expectOneLineError(await startupFailure({ env: env({ MYSQL_DATABASE: name }) }), 'CONFIG', /MYSQL_DATABASE/);
      }
    });

    it('reports a port where nothing listens as CONNECTION naming MYSQL_HOST/MYSQL_PORT', async () => {
      const port = String(await closedPort());
      expectOneLineError(
        await startupFailure({ env: env({ MYSQL_HOST: '127.0.0.1', MYSQL_PORT: port }) }),
        'CONNECTION',
        /127\.0\.0\.1:\d+.*MYSQL_HOST\/MYSQL_PORT/,
      );
    });

    it('reports an unreachable loopback host as CONNECTION naming MYSQL_HOST/MYSQL_PORT', async () => {
      expectOneLineError(
        await startupFailure({ env: env({ MYSQL_HOST: '127.0.0.2', MYSQL_PORT: '1' }) }),
        'CONNECTION',
        /127\.0\.0\.2:1.*MYSQL_HOST\/MYSQL_PORT/,
      );
    });

    it('reports a port where a server accepts but never speaks MySQL as CONNECTION within 10 s', async () => {
      // Another service on the configured port (e.g. an HTTP server waiting for its request): the client waits for
      // a greeting that never comes, so only the connect timeout ends the wait.
      const silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as AddressInfo;
      try {
        expectOneLineError(
          await startupFailure({ env: env({ MYSQL_HOST: '127.0.0.1', MYSQL_PORT: String(port) }) }),
          'CONNECTION',
          /MYSQL_HOST\/MYSQL_PORT/,
        );
      } finally {
        silent.close();
      }
    }, 30_000);

    it('reports a wrong password as CONFIG naming the user and MYSQL_PASSWORD, without either password', async () => {
      const failure = await startupFailure({
        env: env({
          MYSQL_HOST: secretUser.host,
          MYSQL_PORT: String(secretUser.port),
          MYSQL_USER: secretUser.user,
          MYSQL_PASSWORD: WRONG_PASSWORD,
          MYSQL_DATABASE: secretUser.database,
        }),
      });
      expectOneLineError(
        failure,
        'CONFIG',
        new RegExp(`refused the login of user '${secretUser.user}'.*MYSQL_PASSWORD`),
      );
    });

    it('reports a user without rights on the database as CONFIG naming the user and the database', async () => {
      const failure = await startupFailure({
        env: env({
          MYSQL_HOST: secretUser.host,
          MYSQL_PORT: String(secretUser.port),
          MYSQL_USER: secretUser.user,
          MYSQL_DATABASE: 'gwtest_not_granted_to_this_user',
        }),
      });
      expectOneLineError(failure, 'CONFIG', new RegExp(`${secretUser.user}.*gwtest_not_granted_to_this_user`));
    });

    it('opens with the right password (the failures above are about the configuration, not the user)', async () => {
      const db = await createGatewayDb({
        logger: silentLogger,
        env: env({
          MYSQL_HOST: secretUser.host,
          MYSQL_PORT: String(secretUser.port),
          MYSQL_USER: secretUser.user,
          MYSQL_DATABASE: secretUser.database,
        }),
      });
      try {
        expect((await db.health()).ok).toBe(true);
      } finally {
        await db.close();
      }
    });
  });

if (testDialects().includes('sqlite'))
  describe('bad SQLite configuration', () => {
    let folder: string;
    beforeAll(() => {
      folder = mkdtempSync(join(tmpdir(), 'gw-badcfg-'));
    });
    afterAll(() => rmSync(folder, { recursive: true, force: true }));

    it('refuses the legacy ./data/gateway.db as the store, naming SQLITE_PATH and the default to use', async () => {
      for (const path of [
        './data/gateway.db',
        'data/gateway.db',
        './data/../data/gateway.db',
        join(process.cwd(), 'data/gateway.db'),
      ]) {
        expectOneLineError(
          await startupFailure({ env: { SQLITE_PATH: path } }),
          'CONFIG',
          /SQLITE_PATH points to the legacy file.*gateway\.sqlite/,
        );
      }
    });

    it('refuses SQLITE_PATH equal to a custom DB_PATH', async () => {
      const legacy = join(folder, 'old', 'gateway.db');
      expectOneLineError(
        await startupFailure({ env: { SQLITE_PATH: legacy, DB_PATH: legacy } }),
        'CONFIG',
        /SQLITE_PATH points to the legacy file/,
      );
    });

    it('refuses a SQLITE_PATH that is a symbolic link to the legacy file', async () => {
      const legacy = join(folder, 'data', 'gateway.db');
      mkdirSync(join(folder, 'data'), { recursive: true });
      writeFileSync(legacy, '');
      const link = join(folder, 'store.sqlite');
      symlinkSync(legacy, link);
      expectOneLineError(
        await startupFailure({ env: { SQLITE_PATH: link, DB_PATH: legacy } }),
        'CONFIG',
        /SQLITE_PATH.*legacy/,
      );
    });

    it('refuses a data folder that cannot be created (a file is in the way), naming SQLITE_PATH', async () => {
      const file = join(folder, 'not-a-folder');
      writeFileSync(file, 'a file where the data folder should be');
      expectOneLineError(
        await startupFailure({ env: { SQLITE_PATH: join(file, 'data', 'gateway.sqlite') } }),
        'CONFIG',
        /SQLITE_PATH/,
      );
    });

    it('refuses a data folder where no file can be created (/proc, read-only even for root), naming SQLITE_PATH', async () => {
      // Node 20's mkdirSync(recursive) spins forever on this path; gateway-db must create the folder itself.
      expectOneLineError(
        await startupFailure({ env: { SQLITE_PATH: '/proc/gateway-db-test/data/gateway.sqlite' } }),
        'CONFIG',
        /SQLITE_PATH/,
      );
      expectOneLineError(
        await startupFailure({ env: { SQLITE_PATH: '/proc/self/gateway.sqlite' } }),
        'CONFIG',
        /SQLITE_PATH/,
      );
    });

    it('refuses a SQLITE_PATH that is a folder, or a file that is not SQLite, naming SQLITE_PATH', async () => {
      expectOneLineError(await startupFailure({ env: { SQLITE_PATH: folder } }), 'CONFIG', /SQLITE_PATH/);
      const text = join(folder, 'notes.sqlite');
      writeFileSync(text, 'not a database '.repeat(100));
      expectOneLineError(await startupFailure({ env: { SQLITE_PATH: text } }), 'CONFIG', /SQLITE_PATH/);
    });

    it('refuses a busy timeout that is not a whole number, naming SQLITE_BUSY_TIMEOUT_MS', async () => {
      expectOneLineError(
        await startupFailure({ env: { SQLITE_BUSY_TIMEOUT_MS: 'soon' } }),
        'CONFIG',
        /SQLITE_BUSY_TIMEOUT_MS/,
      );
    });
  });
