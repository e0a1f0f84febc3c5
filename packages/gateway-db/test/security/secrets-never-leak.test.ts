/**
 * Known secret values (a provider api_key, virtual keys, a password hash, a Portkey gateway api_key, the MySQL
 * password of a real MariaDB login) go through every error path gateway-db has: duplicate keys, foreign keys,
 * values too long, a lone surrogate, a poison row in the log writer, a failed transaction, a wrong password, an
 * unreachable server, a closed store. Everything a user could see (stdout, stderr, the console, the gateway-db
 * logger, every error's message, stack, cause chain, own fields, JSON and util.inspect, the config in every
 * printable form, health reports) is searched for the secrets: finding one fails the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describeConfig, type GatewayDbConfig, loadConfig } from '@gateway-db/core/config.js';
import { GatewayDbError } from '@gateway-db/core/errors.js';
import { openStore } from '@gateway-db/core/open-store.js';
import type { Dialect } from '@gateway-db/schema';
import { testDialects } from '@gateway-db/test-support';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayDb, type GatewayDb } from '../../src/create-gateway-db.js';
import { captureOutput, markersIn, type OutputCapture, printedForms } from './support/leak-check.js';
import { createMysqlSecretUser, type MysqlSecretUser } from './support/mysql-secret-user.js';
import { LEAK_TEST_SECRETS } from './support/secret-markers.js';

const SECRET = LEAK_TEST_SECRETS;
const MARKERS = Object.values(SECRET);

/** Runs `action`, which must fail with a GatewayDbError, and returns that error. */
async function failure(action: () => Promise<unknown>): Promise<GatewayDbError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof GatewayDbError) return error;
    throw new Error(`expected a GatewayDbError, got ${inspect(error)}`);
  }
  throw new Error('expected the action to fail');
}

/** The cause gateway-db keeps must be a sanitized copy: never the driver error with its SQL and its message. */
function expectSanitizedCauses(error: GatewayDbError): void {
  for (let cause: unknown = error.cause; cause instanceof Error; cause = cause.cause) {
    expect(cause).not.toHaveProperty('sql');
    expect(cause).not.toHaveProperty('sqlMessage');
    expect(cause).not.toHaveProperty('parameters');
  }
}

describe.each(testDialects())('secrets never leak on %s', (dialect: Dialect) => {
  let capture: OutputCapture;
  let secretUser: MysqlSecretUser | undefined;
  let config: GatewayDbConfig;
  let db: GatewayDb;
  /** Every printable form of every error, config and report produced in this file. */
  const printed: string[] = [];
  const errors: { label: string; error: GatewayDbError }[] = [];

  async function provoke(label: string, action: () => Promise<unknown>): Promise<GatewayDbError> {
    const error = await failure(action);
    errors.push({ label, error });
    printed.push(`${label}: ${printedForms(error)}`);
    expectSanitizedCauses(error);
    return error;
  }

  const sqliteFolder = dialect === 'sqlite' ? mkdtempSync(join(tmpdir(), 'gw-secrets-')) : undefined;

  /** Config from the environment, as a deployment sets it: the password comes from MYSQL_PASSWORD. */
  function environment(password = SECRET.mysqlPassword): Record<string, string> {
    if (sqliteFolder) return { DB_DIALECT: 'sqlite', SQLITE_PATH: join(sqliteFolder, 'gateway.sqlite') };
    if (!secretUser) throw new Error('the MariaDB test user was not created');
    return {
      DB_DIALECT: 'mysql',
      MYSQL_HOST: secretUser.host,
      MYSQL_PORT: String(secretUser.port),
      MYSQL_USER: secretUser.user,
      MYSQL_PASSWORD: password,
      MYSQL_DATABASE: secretUser.database,
    };
  }

  beforeAll(async () => {
    capture = captureOutput();
    if (dialect === 'mysql') secretUser = await createMysqlSecretUser(SECRET.mysqlPassword, 'leak');
    config = loadConfig({}, environment(), false);
    // The default console logger on purpose: what it prints is captured like any other output.
    db = await createGatewayDb({ config, logWriter: { flushIntervalMs: 60_000 } });
  });

  afterAll(async () => {
    await db?.close().catch(() => undefined);
    capture?.restore();
    await secretUser?.drop();
    if (sqliteFolder) rmSync(sqliteFolder, { recursive: true, force: true });
  });

  it('keeps the password out of every printed form of the config', () => {
    printed.push(
      describeConfig(config),
      JSON.stringify(config),
      inspect(config, { depth: 5 }),
      String(config),
      `${JSON.stringify({ config })}`,
    );
    if (config.dialect === 'mysql')
      printed.push(String(config.mysql), `${config.mysql}`, inspect(config.mysql, { depth: 5, showHidden: false }));
    // The password given inside MYSQL_URL (percent-encoded characters included) is redacted the same way.
    const fromUrl = loadConfig(
      {},
      {
        DB_DIALECT: 'mysql',
        MYSQL_URL: `mysql://app:${encodeURIComponent(SECRET.mysqlPassword)}@db.internal:3306/gateway`,
      },
      false,
    );
    printed.push(describeConfig(fromUrl), JSON.stringify(fromUrl), inspect(fromUrl, { depth: 5 }), String(fromUrl));
    if (fromUrl.dialect === 'mysql') expect(fromUrl.mysql.password).toBe(SECRET.mysqlPassword);
    expect(markersIn(printed.join('\n'), MARKERS)).toEqual([]);
  });

  it('stores the secrets and reads them back (so the error paths below really carry them)', async () => {
    const provider = await db.providers.create({
      id: 'provider-1',
      name: 'OpenAI',
      base_url: 'https://api.example',
      api_key: SECRET.providerApiKey,
    });
    await db.models.create({ id: 'model-1', name: 'GPT', model_identifier: 'gpt-4o', provider_id: provider.id });
    await db.virtualKeys.create({
      id: 'key-1',
      key_value: SECRET.virtualKey,
      key_hash: 'hash-1',
      name: 'key',
      model_id: 'model-1',
    });
    await db.users.create({ id: 'user-1', username: SECRET.username, password_hash: SECRET.passwordHash });
    await db.portkeyGateways.create({ id: 'gateway-1', name: 'gw', url: 'http://gw', api_key: SECRET.portkeyApiKey });
    expect((await db.virtualKeys.getByKeyValue(SECRET.virtualKey))?.id).toBe('key-1');
    expect((await db.providers.getById('provider-1'))?.api_key).toBe(SECRET.providerApiKey);
  });

  it('reports duplicate keys as CONFLICT without the duplicate value', async () => {
    const errors = [
      await provoke('duplicate key_value', () =>
        db.virtualKeys.create({ key_value: SECRET.virtualKey, key_hash: 'hash-2', name: 'copy' }),
      ),
      await provoke('duplicate key_hash', () =>
        db.virtualKeys.create({ key_value: SECRET.otherVirtualKey, key_hash: 'hash-1', name: 'copy' }),
      ),
      await provoke('duplicate username', () =>
        db.users.create({ username: SECRET.username, password_hash: SECRET.passwordHash }),
      ),
      await provoke('duplicate provider id', () =>
        db.providers.create({ id: 'provider-1', name: 'x', base_url: 'x', api_key: SECRET.providerApiKey }),
      ),
      await provoke('duplicate gateway id', () =>
        db.portkeyGateways.create({ id: 'gateway-1', name: 'x', url: 'x', api_key: SECRET.portkeyApiKey }),
      ),
    ];
    expect(errors.map((error) => error.code)).toEqual(['CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT', 'CONFLICT']);
  });

  // MySQL only (the SQLite driver never quotes values); defined only there, so nothing shows as skipped.
  if (dialect === 'mysql')
    it('strips what mysql2 itself puts in its errors: the duplicate value and the SQL', async () => {
      // The hazard: the raw driver error quotes the secret in sqlMessage (and in sql for a text-protocol query).
      const raw = await mysql.createConnection({
        host: secretUser?.host,
        port: secretUser?.port,
        user: secretUser?.user,
        password: SECRET.mysqlPassword,
        database: secretUser?.database,
      });
      let driverError: unknown;
      try {
        await raw.query(
          'INSERT INTO `virtual_keys` (`id`, `key_value`, `key_hash`, `name`, `created_at`, `updated_at`) VALUES (?, ?, ?, ?, 1, 1)',
          ['raw-copy', SECRET.virtualKey, 'hash-raw', 'raw'],
        );
      } catch (error) {
        driverError = error;
      } finally {
        await raw.end();
      }
      expect(driverError).toMatchObject({
        errno: 1062,
        sqlMessage: expect.stringContaining(SECRET.virtualKey),
        sql: expect.stringContaining(SECRET.virtualKey),
      });
      // gateway-db's error for the same statement carries neither.
      const error = await provoke('duplicate key_value (mysql2 quotes it)', () =>
        db.virtualKeys.create({ id: 'raw-copy', key_value: SECRET.virtualKey, key_hash: 'hash-raw', name: 'raw' }),
      );
      expect(error.code).toBe('CONFLICT');
    });

  it('reports foreign keys pointing nowhere as CONSTRAINT without the values', async () => {
    const error = await provoke('foreign key', () =>
      db.virtualKeys.create({
        key_value: SECRET.otherVirtualKey,
        key_hash: 'hash-3',
        name: 'orphan',
        model_id: SECRET.virtualKey,
      }),
    );
    expect(error.code).toBe('CONSTRAINT');
    await provoke('foreign key of a rule', () =>
      db.modelRoutingRules.create({
        name: 'r',
        portkey_gateway_id: SECRET.portkeyApiKey,
        rule_type: 'exact',
        rule_value: SECRET.providerApiKey,
      }),
    );
  });

  it('reports a value too long or not storable without the value', async () => {
    await provoke('lone surrogate', () =>
      db.providers.create({ name: 'p', base_url: 'x', api_key: `${SECRET.providerApiKey}\ud800` }),
    );
    await provoke('update with a lone surrogate', () =>
      db.providers.update('provider-1', { api_key: `\udc00${SECRET.providerApiKey}` }),
    );
    await provoke('lookup with a lone surrogate', () => db.virtualKeys.getByKeyValue(`${SECRET.virtualKey}\ud800`));
    const tooLong = `${SECRET.virtualKey}${'x'.repeat(4000)}`;
    if (dialect === 'mysql') {
      const error = await provoke('key too long', () =>
        db.virtualKeys.create({ key_value: tooLong, key_hash: 'hash-4', name: 'long' }),
      );
      expect(error.code).toBe('DATA_DOES_NOT_FIT');
      await provoke('label too long', () =>
        db.routingConfigs.create({ name: 'r', type: `${SECRET.providerApiKey}${'t'.repeat(300)}`, config: '{}' }),
      );
    }
  });

  it('rolls back a failed transaction and reports it without the values', async () => {
    await provoke('failed transaction', () =>
      db.transaction(async (tx) => {
        await tx.systemConfig.set('secret_setting', SECRET.providerApiKey);
        await tx.virtualKeys.create({ key_value: SECRET.virtualKey, key_hash: SECRET.passwordHash, name: 'dup in tx' });
      }),
    );
    expect(await db.systemConfig.get('secret_setting')).toBeUndefined();
  });

  it('isolates a poison row in the log writer and reports it by id and code only', async () => {
    db.apiRequests.create({
      id: 'good-1',
      virtual_key_id: 'key-1',
      model: 'gpt-4o',
      request_body: SECRET.providerApiKey,
    });
    // A second row with good-1's id: refused (CONFLICT), reported by that id.
    db.apiRequests.create({
      id: 'good-1',
      virtual_key_id: SECRET.otherVirtualKey,
      request_body: SECRET.virtualKey,
      error_message: SECRET.passwordHash,
    });
    db.apiRequests.create({
      id: 'poison-2',
      status: `${SECRET.portkeyApiKey}${'s'.repeat(300)}`,
      model: `m\ud800${SECRET.virtualKey}`,
    });
    db.apiRequests.create({ id: 'good-2', virtual_key_id: 'key-1', model: 'gpt-4o' });
    await db.apiRequests.flush();
    // poison-2's lone surrogate is stored as U+FFFD (reported by column name only); its 300-character status
    // fits SQLite but not MySQL's VARCHAR(255).
    expect(db.logWriterStats()).toMatchObject(
      dialect === 'sqlite' ? { written: 3, rejected: 1, repaired: 1 } : { written: 2, rejected: 2, repaired: 1 },
    );
    expect((await db.apiRequests.getById('good-2'))?.model).toBe('gpt-4o');
    expect(capture.text()).toMatch(/api_requests row poison-2: lone UTF-16 surrogates in model stored as U\+FFFD/);
    expect(capture.text()).toMatch(/api_requests row good-1 was not written \(CONFLICT\)/);
  });

  if (dialect === 'mysql')
    it('reports a wrong password and an unreachable server without either password', async () => {
      const wrong = await provoke('wrong password', () => createGatewayDb({ env: environment(SECRET.wrongPassword) }));
      expect(wrong.code).toBe('CONFIG');
      const unreachable = { ...environment(), MYSQL_HOST: '127.0.0.2', MYSQL_PORT: '1' };
      expect((await provoke('unreachable host', () => createGatewayDb({ env: unreachable }))).code).toBe('CONNECTION');
      const url = `mysql://${secretUser?.user}:${SECRET.mysqlPassword}@127.0.0.2:1/${secretUser?.database}`;
      expect(
        (
          await provoke('unreachable MYSQL_URL', () =>
            createGatewayDb({ env: { DB_DIALECT: 'mysql', MYSQL_URL: url } }),
          )
        ).code,
      ).toBe('CONNECTION');
    });

  it('keeps the MySQL password out of the store objects an app might log (executor, transaction handle, db)', async () => {
    const executor = await openStore(config);
    try {
      printed.push(inspect(executor, { depth: 8 }), executor.description, inspect(db, { depth: 8 }));
      await executor.transaction(async (tx) => {
        printed.push(inspect(tx, { depth: 8 }));
      });
    } finally {
      await executor.close();
    }
    expect(markersIn(printed.join('\n'), [SECRET.mysqlPassword])).toEqual([]);
  });

  it('reports the closed store as CLOSED, in health() too, without the values', async () => {
    await db.close();
    expect((await provoke('closed store lookup', () => db.virtualKeys.getByKeyValue(SECRET.virtualKey))).code).toBe(
      'CLOSED',
    );
    await provoke('closed store write', () =>
      db.providers.create({ name: 'p', base_url: 'x', api_key: SECRET.providerApiKey }),
    );
    const health = await db.health();
    expect(health.ok).toBe(false);
    printed.push(JSON.stringify(health), inspect(health));
    db.apiRequests.create({ id: 'after-close', request_body: SECRET.virtualKey });
  });

  it('let no secret appear in any error, config, report, log line, stdout or stderr', () => {
    expect(errors.length).toBeGreaterThanOrEqual(dialect === 'mysql' ? 17 : 12);
    for (const { error } of errors) expect(error.message).not.toMatch(/[\r\n]/);
    const everything = [...printed, capture.text()].join('\n');
    expect(markersIn(everything, MARKERS)).toEqual([]);
    // The capture works: it saw what the default console logger printed.
    expect(capture.text()).toContain('[gateway-db] opened');
  });
});
