import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import type { MysqlConfig } from '@gateway-db/core/config.js';
import { describeConfig, type GatewayDbConfig, loadConfig } from '@gateway-db/core/config.js';
import { describe, expect, it, onTestFinished } from 'vitest';

const noEnvFile = false;

function mysqlOf(config: GatewayDbConfig): MysqlConfig {
  if (config.dialect !== 'mysql') throw new Error('expected a mysql config');
  return config.mysql;
}

function configError(run: () => unknown): { code?: string; message: string } {
  try {
    run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('defaults to SQLite at ./data/gateway.sqlite', () => {
    const config = loadConfig({}, {}, noEnvFile);
    expect(config).toMatchObject({ dialect: 'sqlite', sqlite: { path: './data/gateway.sqlite', busyTimeoutMs: 5000 } });
    expect(config.legacyDbPath).toBe('./data/gateway.db');
  });

  it('uses the MySQL defaults and the pool the gateway ran', () => {
    const mysql = mysqlOf(loadConfig({}, { DB_DIALECT: 'mysql' }, noEnvFile));
    expect(mysql).toMatchObject({ host: 'localhost', port: 3306, user: 'root', password: '', database: 'llm_gateway' });
    expect(mysql.pool).toMatchObject({
      connectionLimit: 10,
      waitForConnections: true,
      queueLimit: 0,
      enableKeepAlive: true,
    });
  });

  it('reads MYSQL_HOST/PORT/USER/PASSWORD/DATABASE', () => {
    const env = {
      DB_DIALECT: 'mysql',
      MYSQL_HOST: 'db',
      MYSQL_PORT: '3307',
      MYSQL_USER: 'gw',
      MYSQL_PASSWORD: 's3cret',
      MYSQL_DATABASE: 'gw_db',
    };
    expect(mysqlOf(loadConfig({}, env, noEnvFile))).toMatchObject({
      host: 'db',
      port: 3307,
      user: 'gw',
      password: 's3cret',
      database: 'gw_db',
    });
  });

  it('reads MYSQL_URL, decoding the user and password, over the single variables', () => {
    const env = { DB_DIALECT: 'mysql', MYSQL_URL: 'mysql://gw:p%40ss@db.example:3310/logs', MYSQL_HOST: 'ignored' };
    expect(mysqlOf(loadConfig({}, env, noEnvFile))).toMatchObject({
      host: 'db.example',
      port: 3310,
      user: 'gw',
      password: 'p@ss',
      database: 'logs',
    });
  });

  it('lets code override the environment, and the pool be tuned', () => {
    const config = loadConfig(
      { mysql: { host: 'code', pool: { connectionLimit: 3 } } },
      { DB_DIALECT: 'mysql', MYSQL_HOST: 'env' },
      noEnvFile,
    );
    expect(mysqlOf(config)).toMatchObject({ host: 'code', pool: { connectionLimit: 3, queueLimit: 0 } });
  });

  it('reads a .env file, with the real environment winning over it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'gw-env-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const envFile = join(folder, '.env');
    writeFileSync(envFile, 'DB_DIALECT=mysql\nMYSQL_HOST=from-file\nMYSQL_DATABASE=file_db\n');
    const mysql = mysqlOf(loadConfig({}, { MYSQL_HOST: 'from-env' }, envFile));
    expect(mysql).toMatchObject({ host: 'from-env', database: 'file_db' });
  });

  it.each([
    [{ DB_DIALECT: 'postgres' }, /DB_DIALECT must be sqlite or mysql, got "postgres"/],
    [{ DB_DIALECT: 'mysql', MYSQL_PORT: 'abc' }, /MYSQL_PORT must be a whole number from 1 to 65535/],
    [{ DB_DIALECT: 'mysql', MYSQL_PORT: '70000' }, /MYSQL_PORT must be a whole number/],
    [{ DB_DIALECT: 'mysql', MYSQL_DATABASE: 'bad`name' }, /MYSQL_DATABASE must be 1-64 characters/],
    [{ DB_DIALECT: 'mysql', MYSQL_URL: 'postgres://u:p@h/d' }, /MYSQL_URL must start with mysql:\/\//],
    [{ SQLITE_BUSY_TIMEOUT_MS: '-1' }, /SQLITE_BUSY_TIMEOUT_MS must be a whole number/],
  ])('rejects %o with a one-line CONFIG message', (env, message) => {
    const error = configError(() => loadConfig({}, env, noEnvFile));
    expect(error.code).toBe('CONFIG');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('refuses the legacy gateway.db as the store, default location or DB_PATH', () => {
    for (const [overrides, env] of [
      [{ sqlite: { path: './data/gateway.db' } }, {}],
      [{}, { SQLITE_PATH: '/srv/old.db', DB_PATH: '/srv/old.db' }],
    ] as const) {
      const error = configError(() => loadConfig(overrides, env, noEnvFile));
      expect(error).toMatchObject({ code: 'CONFIG' });
      expect(error.message).toMatch(/legacy file .* only an import source/);
    }
  });

  it('never shows the password: not in errors, JSON, inspect, String or describeConfig', () => {
    const secret = 'Very$ecret-42';
    const config = loadConfig({}, { DB_DIALECT: 'mysql', MYSQL_PASSWORD: secret }, noEnvFile);
    expect(JSON.stringify(config)).not.toContain(secret);
    expect(inspect(config, { depth: 5 })).not.toContain(secret);
    expect(String(mysqlOf(config))).not.toContain(secret);
    expect(describeConfig(config)).toBe('mysql://root@localhost:3306/llm_gateway (pool 10)');
    const badUrl = configError(() =>
      loadConfig({}, { DB_DIALECT: 'mysql', MYSQL_URL: `mysql://root:${secret}@h:99999/d` }, noEnvFile),
    );
    expect(badUrl.message).not.toContain(secret);
  });
});
