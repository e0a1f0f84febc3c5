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

  it('takes read replicas of a MySQL log store (LOG_DB_REPLICA_URLS), user and password from LOG_DB_URL', () => {
    const config = load({
      LOG_DB_URL: 'mysql://logger:s3cret-log-pw@db.internal:3307/gateway_logs',
      LOG_DB_REPLICA_URLS: 'mysql://replica-1.internal, mysql://reader:r3plica-pw@replica-2.internal:3308',
      MYSQL_REPLICA_MAX_LAG_MS: '700',
    });
    const servers = config.logReplicas?.servers ?? [];
    expect(servers.map(({ host, port, user, database }) => ({ host, port, user, database }))).toEqual([
      { host: 'replica-1.internal', port: 3307, user: 'logger', database: 'gateway_logs' },
      { host: 'replica-2.internal', port: 3308, user: 'reader', database: 'gateway_logs' },
    ]);
    expect(servers.map((server) => server.password)).toEqual(['s3cret-log-pw', 'r3plica-pw']);
    expect(config.logReplicas?.maxLagMs).toBe(700);
    expect(describeConfig(config)).toBe(
      'sqlite:./data/gateway.sqlite, request logs in mysql://logger@db.internal:3307/gateway_logs (pool 10) ' +
        '(read replicas replica-1.internal:3307/gateway_logs, replica-2.internal:3308/gateway_logs)',
    );
    for (const secret of ['s3cret-log-pw', 'r3plica-pw']) {
      expect(describeConfig(config)).not.toContain(secret);
      expect(JSON.stringify(config)).not.toContain(secret);
    }
    // The main store's replicas are another setting.
    expect(load({ LOG_DB_URL: 'mysql://l:p@db:3306/logs' }).logReplicas).toBeUndefined();
  });

  it('refuses log store replicas without a MySQL LOG_DB_URL, or naming the log store itself, without echoing them', () => {
    const settings: Record<string, string>[] = [
      { LOG_DB_REPLICA_URLS: 'mysql://u:hunter2-pw@replica' },
      { LOG_DB_URL: 'sqlite:./data/logs.sqlite', LOG_DB_REPLICA_URLS: 'mysql://u:hunter2-pw@replica' },
    ];
    for (const env of settings) {
      let message = '';
      try {
        load(env);
      } catch (error) {
        message = String((error as Error).message);
      }
      expect(message).toMatch(/LOG_DB_REPLICA_URLS needs LOG_DB_URL=mysql:/);
      expect(message).not.toContain('hunter2-pw');
    }
    expect(() => load({ LOG_DB_URL: 'mysql://l:p@db:3306/logs', LOG_DB_REPLICA_URLS: 'mysql://db:3306/logs' })).toThrow(
      /LOG_DB_REPLICA_URLS \(entry 1\) names the primary itself/,
    );
  });
});
