import { inspect } from 'node:util';
import { GatewayDbError, loadConfig, parseMysqlUrl } from '@gateway-db/core';
import { describe, expect, it } from 'vitest';
import { describeEndpoint, MigrationError, parseEndpoint } from '../src/index.js';

const SECRET = 'Pw-9f3!kQ';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('MySQL and MariaDB URLs, parsed in one place (core) for gateway-db and the migrator', () => {
  it('reads a mariadb:// URL like a mysql:// one', () => {
    expect(parseMysqlUrl(`mariadb://gw:${SECRET}@db.example:3310/logs`)).toEqual({
      host: 'db.example',
      port: '3310',
      user: 'gw',
      password: SECRET,
      database: 'logs',
    });
    const config = loadConfig({}, { DB_DIALECT: 'mysql', MYSQL_URL: `MariaDB://gw:${SECRET}@db.example/logs` }, false);
    expect(config).toMatchObject({
      dialect: 'mysql',
      mysql: { host: 'db.example', port: 3306, user: 'gw', database: 'logs' },
    });
  });

  it('takes a mariadb:// endpoint, keeps its password out of descriptions, JSON and inspect', () => {
    const endpoint = parseEndpoint(`mariadb://app:${encodeURIComponent(SECRET)}@db.example:3307/gw`);
    expect(endpoint).toMatchObject({
      dialect: 'mysql',
      mysql: { user: 'app', password: SECRET, port: 3307, database: 'gw' },
    });
    expect(describeEndpoint(endpoint)).toBe('mysql://app@db.example:3307/gw');
    expect(JSON.stringify(endpoint)).not.toContain(SECRET);
    expect(inspect(endpoint, { depth: 5 })).not.toContain(SECRET);
  });

  it('refuses another scheme with a CONFIG error that names the setting and not the password', () => {
    const error = thrown(() => parseMysqlUrl(`postgres://root:${SECRET}@127.0.0.1:5432/db`));
    expect(error).toBeInstanceOf(GatewayDbError);
    expect(error).toMatchObject({
      code: 'CONFIG',
      message: expect.stringMatching(/^MYSQL_URL must start with mysql:\/\/ or mariadb:\/\/ \(got postgres:\/\/\)/),
    });
    expect((error as Error).message).not.toContain(SECRET);
    const endpoint = thrown(() => parseEndpoint(`postgres://root:${SECRET}@127.0.0.1:5432/db`));
    expect(endpoint).toBeInstanceOf(MigrationError);
    expect(endpoint).toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/sqlite:PATH or mysql:/) });
    expect((endpoint as Error).message).not.toContain(SECRET);
  });

  it('refuses a URL that does not parse, or names no database, without repeating it', () => {
    for (const url of [
      `mysql://root:${SECRET}@[::1/db`,
      `mysql://root:${SECRET}@h:99999/db`,
      `mysql://root:${SECRET}@db.example:3306/`,
    ]) {
      const error = thrown(() => parseEndpoint(url));
      expect(error, url).toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/^The MySQL endpoint /) });
      expect((error as Error).message).not.toContain(SECRET);
    }
    const malformed = thrown(() => parseMysqlUrl(`mysql://root:${SECRET}%E0%A4%A@h/db`));
    expect(malformed).toMatchObject({
      code: 'CONFIG',
      message: expect.stringMatching(/MYSQL_URL holds a malformed %-escape/),
    });
    expect((malformed as Error).message).not.toContain(SECRET);
  });
});
