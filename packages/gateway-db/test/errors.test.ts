import { createServer } from 'node:net';
import { loadConfig } from '@gateway-db/core/config.js';
import { mapMysqlError } from '@gateway-db/core/dialect/mysql/mysql-errors.js';
import { createMysqlExecutor } from '@gateway-db/core/dialect/mysql/mysql-executor.js';
import { GatewayDbError } from '@gateway-db/core/errors.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { insertVirtualKey } from './helpers/rows.js';
import { createTestStore, type TestStore } from './helpers/test-store.js';

async function failureOf(promise: Promise<unknown>): Promise<GatewayDbError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayDbError);
    return error as GatewayDbError;
  }
  throw new Error('expected a failure');
}

/** Everything an error carries that could end up in a log line. */
function printed(error: GatewayDbError): string {
  const cause = error.cause as Record<string, unknown> | undefined;
  return [
    error.message,
    error.stack,
    String(cause?.message),
    JSON.stringify(cause),
    String(cause?.sql),
    String(cause?.sqlMessage),
  ].join('\n');
}

describe.each(testDialects())('driver errors on %s', (dialect) => {
  let store: TestStore;
  const secretKey = 'vk_SECRET_do_not_log_123';

  beforeAll(async () => {
    store = await createTestStore(dialect, 'errors');
    await applyMigrations(store.executor);
    await insertVirtualKey(store.executor, 'key-1', secretKey);
  });
  afterAll(() => store?.drop());

  it('reports a duplicate key as CONFLICT naming the key, without the duplicate value', async () => {
    const error = await failureOf(insertVirtualKey(store.executor, 'key-2', secretKey));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/Duplicate value for unique key .*key_value/);
    expect(printed(error)).not.toContain(secretKey);
    expect(error.cause).not.toHaveProperty('sql');
    expect(error.cause).not.toHaveProperty('sqlMessage');
  });

  it('reports a duplicate primary key as CONFLICT', async () => {
    const error = await failureOf(insertVirtualKey(store.executor, 'key-1', 'another-value'));
    expect(error.code).toBe('CONFLICT');
  });

  it('reports a foreign key pointing nowhere as CONSTRAINT naming the table', async () => {
    const error = await failureOf(
      store.executor.run('UPDATE `virtual_keys` SET `model_id` = ? WHERE `id` = ?', ['no-such-model', 'key-1']),
    );
    expect(error.code).toBe('CONSTRAINT');
    expect(error.message).toContain('virtual_keys');
    expect(printed(error)).not.toContain('no-such-model');
  });

  it('reports a missing NOT NULL value as CONSTRAINT', async () => {
    const error = await failureOf(
      store.executor.run(
        'INSERT INTO `users` (`id`, `username`, `password_hash`, `created_at`, `updated_at`) VALUES (?, ?, NULL, ?, ?)',
        ['u1', 'ann', 1, 1],
      ),
    );
    expect(error.code).toBe('CONSTRAINT');
  });

  it('refuses a lone UTF-16 surrogate in a write or a lookup with DATA_DOES_NOT_FIT, before the driver', async () => {
    const broken = 'vk_secret_half_emoji_\ud83d';
    const write = await failureOf(insertVirtualKey(store.executor, 'key-3', broken));
    expect(write.code).toBe('DATA_DOES_NOT_FIT');
    expect(write.message).toMatch(/lone UTF-16 surrogate.*virtual_keys|virtual_keys.*surrogate/);
    expect(printed(write)).not.toContain('vk_secret_half_emoji');
    const lookup = await failureOf(
      store.executor.get('SELECT `id` FROM `virtual_keys` WHERE `key_value` = ?', [broken]),
    );
    expect(lookup.code).toBe('DATA_DOES_NOT_FIT');
    // A whole emoji is ordinary text.
    await insertVirtualKey(store.executor, 'key-4', 'vk_whole_emoji_\ud83d\ude00');
  });

  it('reports a statement on a missing table as QUERY', async () => {
    const error = await failureOf(store.executor.all('SELECT * FROM `no_such_table`'));
    expect(error.code).toBe('QUERY');
  });
});

if (testDialects().includes('mysql'))
  describe('MySQL-only error mapping', () => {
    let store: TestStore;

    beforeAll(async () => {
      store = await createTestStore('mysql', 'errors_my');
      await applyMigrations(store.executor);
    });
    afterAll(() => store?.drop());

    it('reports a value too long for its column as DATA_DOES_NOT_FIT (strict mode, never cut)', async () => {
      const error = await failureOf(
        store.executor.run('INSERT INTO `api_requests` (`id`, `status`, `created_at`) VALUES (?, ?, ?)', [
          'r1',
          'x'.repeat(300),
          1,
        ]),
      );
      expect(error.code).toBe('DATA_DOES_NOT_FIT');
      expect(error.message).toContain('status');
    });

    it('reports a refused login as CONFIG naming the user and what to set, never the password', async () => {
      const server = store.config.dialect === 'mysql' ? store.config.mysql : undefined;
      const password = 'wrong-Pa55word!';
      const config = loadConfig(
        { dialect: 'mysql', mysql: { host: server?.host, port: server?.port, user: 'nobody_here', password } },
        {},
        false,
      );
      if (config.dialect !== 'mysql') throw new Error('unreachable');
      const error = await failureOf(createMysqlExecutor(config.mysql));
      expect(error.code).toBe('CONFIG');
      expect(error.message).toMatch(/refused the login of user 'nobody_here'.*MYSQL_PASSWORD/);
      expect(printed(error)).not.toContain(password);
    });

    it('reports a server that does not answer as CONNECTION with what to check', async () => {
      // A port that was just free: nothing listens there.
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 1;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const config = loadConfig(
        { dialect: 'mysql', mysql: { host: '127.0.0.1', port, password: 'pw-never-shown' } },
        {},
        false,
      );
      if (config.dialect !== 'mysql') throw new Error('unreachable');
      const error = await failureOf(createMysqlExecutor(config.mysql));
      expect(error.code).toBe('CONNECTION');
      expect(error.message).toMatch(/MYSQL_HOST\/MYSQL_PORT/);
      expect(printed(error)).not.toContain('pw-never-shown');
    });

    it('maps a lost connection and a deadlock to the retryable codes', () => {
      expect(
        mapMysqlError(Object.assign(new Error('Connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' })).code,
      ).toBe('CONNECTION');
      expect(mapMysqlError(Object.assign(new Error('Deadlock'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 })).code).toBe(
        'BUSY',
      );
      expect(
        mapMysqlError(Object.assign(new Error('packet'), { code: 'ER_NET_PACKET_TOO_LARGE', errno: 1153 })).code,
      ).toBe('DATA_DOES_NOT_FIT');
    });

    it('maps a Galera node outside the primary component (1047) to CONNECTION, saying what it is', () => {
      const error = mapMysqlError(
        Object.assign(new Error('WSREP has not yet prepared node for application use'), {
          code: 'ER_UNKNOWN_COM_ERROR',
          errno: 1047,
        }),
        { server: 'node1:3306,node2:3306' },
      );
      expect(error.code).toBe('CONNECTION');
      expect(error.message).toMatch(/node1:3306,node2:3306 is not ready for queries \(a Galera node outside/);
    });
  });

if (testDialects().includes('sqlite'))
  describe('SQLite-only error mapping', () => {
    it('reports a file that is not a SQLite database as CONFIG', async () => {
      const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const { createSqliteExecutor } = await import('@gateway-db/core/dialect/sqlite/sqlite-executor.js');
      const folder = mkdtempSync(join(tmpdir(), 'gw-notdb-'));
      onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
      const path = join(folder, 'garbage.sqlite');
      writeFileSync(path, 'this is not a database, just text that is long enough to look like a header '.repeat(20));
      expect(() => createSqliteExecutor({ path })).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    });
  });
