/**
 * Read replicas of the MySQL store (`MYSQL_REPLICA_URLS`): where dashboard and list reads may go, and how stale a
 * replica may be before it is skipped. Each replica URL has the form of `MYSQL_URL`; what it leaves out (user,
 * password, database, port) is the primary's. Passwords are redacted like the primary's (see config.ts).
 */

import { type MysqlConfig, type MysqlConfigInput, resolveMysqlConfig } from './config.js';
import { configError, type Env, envValue, integerIn } from './config-values.js';
import { parseMysqlUrl } from './dialect/mysql/mysql-url.js';

export interface MysqlReplicasConfig {
  /** One entry per replica; empty when none is configured (then nothing changes). */
  readonly servers: readonly MysqlConfig[];
  /**
   * A replica whose data is older than this (ms behind the primary), or whose state is not known for as long, is
   * skipped until it catches up: its reads go to the primary. Default 1000 (env `MYSQL_REPLICA_MAX_LAG_MS`).
   */
  readonly maxLagMs: number;
  /**
   * After a write through this process, how long (ms) a read may wait for a replica to apply it before it goes to
   * the primary instead (read-your-writes). Default 50 (env `MYSQL_REPLICA_WAIT_MS`); 0: never wait.
   */
  readonly waitMs: number;
}

export interface MysqlReplicasInput {
  /** `mysql://` URLs, or one comma-separated string (env `MYSQL_REPLICA_URLS`). */
  readonly urls?: readonly string[] | string;
  readonly maxLagMs?: number;
  readonly waitMs?: number;
}

/** A replica's statements wait less than the primary's: a hung replica costs a read this long, then the primary answers. */
const REPLICA_BOUNDS_MS = { connectTimeoutMs: 2_000, acquireTimeoutMs: 2_000, statementTimeoutMs: 5_000 };

/**
 * Where a store's replica list comes from: the main store's `MYSQL_REPLICA_URLS`, or the request logs' own store's
 * `LOG_DB_REPLICA_URLS`. Both share the lag and wait settings.
 */
export type ReplicaUrlsSetting = 'MYSQL_REPLICA_URLS' | 'LOG_DB_REPLICA_URLS';

function urlsOf(given: MysqlReplicasInput['urls'], env: Env, setting: ReplicaUrlsSetting): string[] {
  const raw = given ?? envValue(env, setting) ?? [];
  const list = typeof raw === 'string' ? raw.split(',') : [...raw];
  return list.map((url) => url.trim()).filter((url) => url !== '');
}

export function resolveReplicasConfig(
  given: MysqlReplicasInput = {},
  env: Env,
  primary: MysqlConfig,
  urlsSetting: ReplicaUrlsSetting = 'MYSQL_REPLICA_URLS',
): MysqlReplicasConfig {
  const servers = urlsOf(given.urls, env, urlsSetting).map((url, index) => {
    const setting = `${urlsSetting} (entry ${index + 1})`;
    const parts = parseMysqlUrl(url, setting);
    if (!parts.host) throw configError(`${setting} names no host: expected mysql://user:password@host:3306/database`);
    const input: MysqlConfigInput = {
      host: parts.host,
      port: Number(parts.port ?? primary.port),
      user: parts.user ?? primary.user,
      password: parts.password ?? (parts.user ? '' : primary.password),
      database: parts.database ?? primary.database,
      pool: {
        ...primary.pool,
        connectTimeoutMs: Math.min(primary.pool.connectTimeoutMs, REPLICA_BOUNDS_MS.connectTimeoutMs),
        acquireTimeoutMs: Math.min(primary.pool.acquireTimeoutMs, REPLICA_BOUNDS_MS.acquireTimeoutMs),
        statementTimeoutMs: Math.min(primary.pool.statementTimeoutMs, REPLICA_BOUNDS_MS.statementTimeoutMs),
      },
    };
    const server = resolveMysqlConfig(input, {}, setting);
    if (server.host === primary.host && server.port === primary.port && server.database === primary.database) {
      throw configError(`${setting} names the primary itself (${server.host}:${server.port}): list replicas only`);
    }
    return server;
  });
  const maxLag = given.maxLagMs ?? envValue(env, 'MYSQL_REPLICA_MAX_LAG_MS') ?? 1_000;
  const wait = given.waitMs ?? envValue(env, 'MYSQL_REPLICA_WAIT_MS') ?? 50;
  return {
    servers,
    maxLagMs: integerIn('MYSQL_REPLICA_MAX_LAG_MS', maxLag, 50, 3_600_000),
    waitMs: integerIn('MYSQL_REPLICA_WAIT_MS', wait, 0, 10_000),
  };
}
