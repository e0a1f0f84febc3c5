/** `LOG_DB_URL`: the request logs' own store, read like the main store's settings and never echoing a password. */
import { describe, expect, it } from 'vitest';
import { describeConfig, loadConfig } from '../src/config.js';

const load = (env: Record<string, string>) => loadConfig({}, env, false);

describe('LOG_DB_URL', () => {
  it('is absent unless set: the logs stay in the main store', () => {
    expect(load({}).logStore).toBeUndefined();
  });

  it('takes a SQLite file, with the main store’s busy timeout', () => {
    const config = load({ LOG_DB_URL: 'sqlite:./data/logs.sqlite', SQLITE_BUSY_TIMEOUT_MS: '1234' });
    expect(config.logStore).toEqual({ dialect: 'sqlite', sqlite: { path: './data/logs.sqlite', busyTimeoutMs: 1234 } });
    expect(describeConfig(config)).toBe('sqlite:./data/gateway.sqlite, request logs in sqlite:./data/logs.sqlite');
  });

  it('takes a MySQL URL beside a SQLite main store, pool settings from MYSQL_*, password never shown', () => {
    const config = load({
      LOG_DB_URL: 'mysql://logger:s3cret-log-pw@db.internal:3307/gateway_logs',
      MYSQL_CONNECTION_LIMIT: '4',
      MYSQL_HOST: 'ignored-for-the-log-store',
    });
    const store = config.logStore;
    if (store?.dialect !== 'mysql') throw new Error('expected a MySQL log store');
    expect(store.mysql).toMatchObject({ host: 'db.internal', port: 3307, user: 'logger', database: 'gateway_logs' });
    expect(store.mysql.password).toBe('s3cret-log-pw');
    expect(store.mysql.pool.connectionLimit).toBe(4);
    expect(describeConfig(config)).not.toContain('s3cret-log-pw');
    expect(JSON.stringify(config)).not.toContain('s3cret-log-pw');
  });

  it('refuses the main store itself, the legacy file, and anything else, without echoing the value', () => {
    expect(() => load({ LOG_DB_URL: 'sqlite:./data/gateway.sqlite' })).toThrow(/names the main store itself/);
    expect(() =>
      load({ DB_DIALECT: 'mysql', MYSQL_URL: 'mysql://u:p@h:3306/db', LOG_DB_URL: 'mysql://other:pw@h:3306/db' }),
    ).toThrow(/names the main store itself/);
    expect(() => load({ LOG_DB_URL: 'sqlite:./data/gateway.db' })).toThrow(/legacy file/);
    expect(() => load({ LOG_DB_URL: 'sqlite:' })).toThrow(/must name a file/);
    let message = '';
    try {
      load({ LOG_DB_URL: 'postgres://u:hunter2-pw@h/db' });
    } catch (error) {
      message = String((error as Error).message);
    }
    expect(message).toMatch(/LOG_DB_URL must be sqlite:PATH or mysql:/);
    expect(message).not.toContain('hunter2-pw');
  });
});
