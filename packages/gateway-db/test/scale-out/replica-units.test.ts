/** The pieces of replica routing that need no server: GTID positions, lag estimates and the settings. */
import { inspect } from 'node:util';
import { describeConfig, type GatewayDbConfig, loadConfig } from '@gateway-db/core/config.js';
import { covers, isEmptyPosition, parseGtidPosition } from '@gateway-db/core/dialect/mysql/replicas/gtid-position.js';
import { lagOf } from '@gateway-db/core/dialect/mysql/replicas/replica-node.js';
import { describe, expect, it } from 'vitest';

const mariadb = (text: string) => parseGtidPosition('mariadb', text);
const mysql = (text: string) => parseGtidPosition('mysql', text);
const UUID_A = '3e11fa47-71ca-11e1-9e33-c80aa9429562';
const UUID_B = '4f22ab58-82db-22f2-af44-d91bb0530673';

describe('GTID positions', () => {
  it('compares MariaDB positions per domain, whatever server wrote them', () => {
    expect(covers(mariadb('0-1-100'), mariadb('0-1-99'))).toBe(true);
    expect(covers(mariadb('0-1-100'), mariadb('0-1-100'))).toBe(true);
    expect(covers(mariadb('0-1-99'), mariadb('0-1-100'))).toBe(false);
    // After a failover the server id changes; the sequence of the domain still orders the transactions.
    expect(covers(mariadb('0-2-120'), mariadb('0-1-100'))).toBe(true);
    expect(covers(mariadb('0-1-100,1-1-5'), mariadb('1-1-6'))).toBe(false);
    expect(covers(mariadb('0-1-100'), mariadb('0-1-50,1-1-1'))).toBe(false);
    expect(covers(mariadb('0-1-100,1-1-5'), mariadb('0-1-50,1-1-5'))).toBe(true);
    expect(covers(mariadb(''), mariadb(''))).toBe(true);
    expect(isEmptyPosition(mariadb(' '))).toBe(true);
  });

  it('compares MySQL GTID sets interval by interval', () => {
    expect(covers(mysql(`${UUID_A}:1-100`), mysql(`${UUID_A}:1-100`))).toBe(true);
    expect(covers(mysql(`${UUID_A}:1-100`), mysql(`${UUID_A}:1-101`))).toBe(false);
    // A hole in the applied set (a transaction skipped or still running in parallel).
    expect(covers(mysql(`${UUID_A}:1-50:52-100`), mysql(`${UUID_A}:1-100`))).toBe(false);
    expect(covers(mysql(`${UUID_A}:1-50:51-100`), mysql(`${UUID_A}:1-100`))).toBe(true);
    expect(covers(mysql(`${UUID_A}:1-50:52-100`), mysql(`${UUID_A}:60-70`))).toBe(true);
    expect(covers(mysql(`${UUID_A}:1-100,\n${UUID_B}:1-7`), mysql(`${UUID_B.toUpperCase()}:3`))).toBe(true);
    expect(covers(mysql(`${UUID_A}:1-100`), mysql(`${UUID_B}:1`))).toBe(false);
  });

  it('refuses text that is no position instead of guessing', () => {
    expect(() => mariadb('0-1')).toThrow(/not a MariaDB GTID/);
    expect(() => mysql(`${UUID_A}:x-3`)).toThrow(/not a MySQL GTID interval/);
  });

  it('estimates lag from the newest primary sample a replica has applied', () => {
    const samples = [
      { at: 1_000, position: mariadb('0-1-10') },
      { at: 1_250, position: mariadb('0-1-20') },
      { at: 1_500, position: mariadb('0-1-30') },
    ];
    expect(lagOf(mariadb('0-1-30'), samples, 1_510)).toBe(0);
    expect(lagOf(mariadb('0-1-25'), samples, 1_510)).toBe(260);
    expect(lagOf(mariadb('0-1-10'), samples, 1_510)).toBe(510);
    // Behind everything kept: unknown, which counts as beyond any limit.
    expect(lagOf(mariadb('0-1-9'), samples, 1_510)).toBeUndefined();
  });
});

function replicasOf(config: GatewayDbConfig) {
  if (config.dialect !== 'mysql') throw new Error('expected a mysql config');
  return config.replicas;
}

describe('MYSQL_REPLICA_URLS', () => {
  const env = { DB_DIALECT: 'mysql', MYSQL_URL: 'mysql://app:primary-secret@db-primary:3307/gw' };

  it('is empty by default: nothing changes', () => {
    expect(replicasOf(loadConfig({}, env, false))).toEqual({ servers: [], maxLagMs: 1000, waitMs: 50 });
  });

  it("reads a comma-separated list; what a URL leaves out is the primary's", () => {
    const replicas = replicasOf(
      loadConfig(
        {},
        {
          ...env,
          MYSQL_REPLICA_URLS: ' mysql://db-r1 , mysql://reader:other-secret@db-r2:3310/gw_copy ',
          MYSQL_REPLICA_MAX_LAG_MS: '2500',
          MYSQL_REPLICA_WAIT_MS: '0',
        },
        false,
      ),
    );
    expect(replicas.maxLagMs).toBe(2500);
    expect(replicas.waitMs).toBe(0);
    expect(replicas.servers).toHaveLength(2);
    expect(replicas.servers[0]).toMatchObject({ host: 'db-r1', port: 3307, user: 'app', database: 'gw' });
    expect(replicas.servers[0]?.password).toBe('primary-secret');
    expect(replicas.servers[1]).toMatchObject({ host: 'db-r2', port: 3310, user: 'reader', database: 'gw_copy' });
    // A replica waits less than the primary before its reads move to the primary.
    expect(replicas.servers[0]?.pool.statementTimeoutMs).toBe(5000);
    const shown = `${JSON.stringify(replicas)} ${inspect(replicas, { depth: 5 })}`;
    expect(shown).not.toContain('primary-secret');
    expect(shown).not.toContain('other-secret');
  });

  it('refuses the primary itself and bad values, naming the setting and never the password', () => {
    const attempt = (extra: Record<string, string>) => {
      try {
        loadConfig({}, { ...env, ...extra }, false);
      } catch (error) {
        return error as { code: string; message: string };
      }
      throw new Error('expected a CONFIG error');
    };
    const itself = attempt({ MYSQL_REPLICA_URLS: 'mysql://app:primary-secret@db-primary:3307/gw' });
    expect(itself).toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/entry 1\).*primary itself/) });
    expect(itself.message).not.toContain('primary-secret');
    const scheme = attempt({ MYSQL_REPLICA_URLS: 'mysql://db-r1,postgres://u:pw-in-url@h/db' });
    expect(scheme).toMatchObject({ code: 'CONFIG', message: expect.stringMatching(/entry 2/) });
    expect(scheme.message).not.toContain('pw-in-url');
    expect(attempt({ MYSQL_REPLICA_URLS: 'mysql://db-r1', MYSQL_REPLICA_MAX_LAG_MS: '10' }).message).toMatch(
      /MYSQL_REPLICA_MAX_LAG_MS/,
    );
  });
});

describe('several hosts (MYSQL_HOST list, MYSQL_URL host list)', () => {
  const mysqlOf = (config: GatewayDbConfig) => {
    if (config.dialect !== 'mysql') throw new Error('expected a mysql config');
    return config.mysql;
  };

  it('reads the hosts of a URL in order; a port left out is the first host’s', () => {
    const config = loadConfig(
      {},
      { DB_DIALECT: 'mysql', MYSQL_URL: 'mysql://app:url-secret@node1:3310,node2,[::1]:3312/gw' },
      false,
    );
    const mysql = mysqlOf(config);
    expect(mysql).toMatchObject({ host: 'node1', port: 3310, user: 'app', database: 'gw' });
    expect(mysql.moreHosts).toEqual([
      { host: 'node2', port: 3310 },
      { host: '::1', port: 3312 },
    ]);
    expect(describeConfig(config)).toBe('mysql://app@node1:3310,node2:3310,::1:3312/gw (pool 10)');
    expect(describeConfig(config)).not.toContain('url-secret');
  });

  it('reads MYSQL_HOST as a list, and has no further hosts by default', () => {
    const listed = mysqlOf(
      loadConfig({}, { DB_DIALECT: 'mysql', MYSQL_HOST: 'node1, node2:3307 ,node3', MYSQL_PORT: '3306' }, false),
    );
    expect(listed.host).toBe('node1');
    expect(listed.moreHosts).toEqual([
      { host: 'node2', port: 3307 },
      { host: 'node3', port: 3306 },
    ]);
    expect(mysqlOf(loadConfig({}, { DB_DIALECT: 'mysql' }, false)).moreHosts).toEqual([]);
  });

  it('refuses a malformed host entry, naming the setting and not the password', () => {
    let message = '';
    try {
      loadConfig({}, { DB_DIALECT: 'mysql', MYSQL_URL: 'mysql://app:url-secret@node1,node2:99999999/gw' }, false);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/MYSQL_URL lists a host that is not host or host:port/);
    expect(message).not.toContain('url-secret');
  });
});
