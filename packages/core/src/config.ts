/**
 * The configuration of gateway-db, from code (`overrides`), the environment, and a `.env` file in the working
 * directory, in that order of precedence. The MySQL password never appears in a message, in `JSON.stringify`, in
 * `util.inspect`/console output or in `describeConfig`.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { type Dialect, isDialect } from '@gateway-db/schema';
import {
  booleanOf,
  configError,
  databaseName,
  type Env,
  environmentWithEnvFile,
  envValue,
  integerIn,
  nonEmpty,
} from './config-values.js';
import { hostAndPort, parseMysqlUrl } from './dialect/mysql/mysql-url.js';
import { type MysqlReplicasConfig, type MysqlReplicasInput, resolveReplicasConfig } from './replica-config.js';

export interface SqliteConfig {
  /** The SQLite store. Default `./data/gateway.sqlite` (env `SQLITE_PATH`). Never the legacy `gateway.db`. */
  readonly path: string;
  /**
   * ms a statement waits for another process's write lock before it fails with BUSY (SQLite's busy_timeout). The
   * bound of every SQLite wait: reads never wait in WAL mode, and better-sqlite3 runs each statement to its end
   * synchronously, so nothing else can hang. Default 5000 (env `SQLITE_BUSY_TIMEOUT_MS`).
   */
  readonly busyTimeoutMs: number;
}

export interface MysqlPoolConfig {
  /** Connections kept open at most. Default 10 (env `MYSQL_CONNECTION_LIMIT`). */
  readonly connectionLimit: number;
  /** Queue requests when all connections are busy instead of failing. Default true. */
  readonly waitForConnections: boolean;
  /** Requests queued at most; 0 = no limit. Default 0. */
  readonly queueLimit: number;
  /** TCP keep-alive on idle connections. Default true. */
  readonly enableKeepAlive: boolean;
  /** ms to establish a connection. Default 5000, so a bad host or port fails well within 10 s (env `MYSQL_CONNECT_TIMEOUT_MS`). */
  readonly connectTimeoutMs: number;
  /**
   * ms a statement (reads and writes, transaction control, the health ping) waits for the server's answer. On
   * expiry it fails with TIMEOUT and its connection is closed, never reused: a stopped or cut-off server makes
   * requests fail instead of hang. Statements of schema migrations are not bounded (DDL on a large table may take
   * long). Default 10000 (env `MYSQL_STATEMENT_TIMEOUT_MS`).
   */
  readonly statementTimeoutMs: number;
  /**
   * ms a statement waits for a free pooled connection (all `connectionLimit` busy, or a new one opening) before it
   * fails with TIMEOUT. Also bounds `close()`. Default 10000 (env `MYSQL_ACQUIRE_TIMEOUT_MS`).
   */
  readonly acquireTimeoutMs: number;
  /**
   * Server-side prepared statements each connection keeps (least recently used closed first). The server's limit
   * `max_prepared_stmt_count` (16382 by default) is shared by every connection of every process: one process holds
   * at most `connectionLimit` x this. Default 64 (env `MYSQL_MAX_PREPARED_STATEMENTS`).
   */
  readonly maxPreparedStatements: number;
}

export interface MysqlHost {
  readonly host: string;
  readonly port: number;
}

export interface MysqlConfig {
  /** Default `localhost` (env `MYSQL_HOST`, or the host of `MYSQL_URL`). */
  readonly host: string;
  /** Default 3306 (env `MYSQL_PORT`). */
  readonly port: number;
  /**
   * Further servers of the same database (the other nodes of a Galera cluster), tried in order when the server in
   * use refuses new connections: `MYSQL_HOST=node1,node2:3307,node3` or `mysql://u:pw@node1,node2:3307,node3/db`.
   * A port left out is `port`. Default none.
   */
  readonly moreHosts: readonly MysqlHost[];
  /** Default `root` (env `MYSQL_USER`). */
  readonly user: string;
  /** Default empty (env `MYSQL_PASSWORD`). Redacted from JSON, inspect and every message. */
  readonly password: string;
  /** Created when missing (utf8mb4_unicode_ci). Default `llm_gateway` (env `MYSQL_DATABASE`). */
  readonly database: string;
  readonly pool: MysqlPoolConfig;
}

interface CommonConfig {
  /** The legacy sql.js file: an import source only, never opened as the store. Default `./data/gateway.db` (env `DB_PATH`). */
  readonly legacyDbPath: string;
  /**
   * Statements that take at least this many ms are logged as a warning (kind, table and time; never the text or
   * values). 0: off. Default 0 (env `GATEWAY_DB_SLOW_QUERY_MS`).
   */
  readonly slowQueryMs: number;
}

/** One store: a SQLite file or a MySQL database (what `openStore` opens). */
export type StoreConfig =
  | { readonly dialect: 'sqlite'; readonly sqlite: SqliteConfig }
  | { readonly dialect: 'mysql'; readonly mysql: MysqlConfig };

interface LogStoreSetting {
  /**
   * A store of their own for the request logs (`api_requests`, `expert_routing_logs` and their rollups), from
   * `LOG_DB_URL` (`sqlite:PATH` or `mysql://...`): another SQLite file, MySQL server or database. Undefined: the
   * logs live in the main store. Its dialect may differ from the main store's.
   */
  readonly logStore?: StoreConfig;
  /**
   * Read replicas of a MySQL log store (`LOG_DB_REPLICA_URLS`): the dashboards and lists of the request logs read
   * there; absent without a MySQL `LOG_DB_URL` or when none is configured.
   */
  readonly logReplicas?: MysqlReplicasConfig;
}

export type GatewayDbConfig =
  | (CommonConfig & LogStoreSetting & { readonly dialect: 'sqlite'; readonly sqlite: SqliteConfig })
  | (CommonConfig &
      LogStoreSetting & {
        readonly dialect: 'mysql';
        readonly mysql: MysqlConfig;
        /** Read replicas (`MYSQL_REPLICA_URLS`); `servers` is empty when none is configured. */
        readonly replicas: MysqlReplicasConfig;
      });

/**
 * The MySQL settings code may give. `url` (`mysql://user:password@host:port/database`, or `mariadb://`) is read
 * first, then the single fields over it.
 */
export type MysqlConfigInput = Partial<Omit<MysqlConfig, 'pool'>> & {
  readonly url?: string;
  readonly pool?: Partial<MysqlPoolConfig>;
};

/** What code may set; anything left out comes from the environment, then the defaults. */
export interface GatewayDbConfigInput {
  /** `sqlite` or `mysql`. Default `sqlite` (env `DB_DIALECT`). */
  readonly dialect?: Dialect | string;
  readonly sqlite?: Partial<SqliteConfig>;
  readonly mysql?: MysqlConfigInput;
  /** Read replicas of the MySQL store (see replica-config.ts). */
  readonly replicas?: MysqlReplicasInput;
  readonly legacyDbPath?: string;
  readonly slowQueryMs?: number;
  /** The request logs' own store: `sqlite:PATH` or `mysql://...` (env `LOG_DB_URL`). Default: the main store. */
  readonly logDbUrl?: string;
  /** Read replicas of a MySQL log store (env `LOG_DB_REPLICA_URLS`; lag and wait as MYSQL_REPLICA_*). */
  readonly logReplicas?: MysqlReplicasInput;
}

export const DEFAULT_SQLITE_PATH = './data/gateway.sqlite';
export const DEFAULT_LEGACY_DB_PATH = './data/gateway.db';

/** Same path, or (when both exist) the same file through a symbolic or hard link. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  const left = existingFile(a);
  const right = existingFile(b);
  // ino 0 means the file system has no inode numbers: then only the path comparison above applies.
  return (
    left !== undefined && right !== undefined && left.ino !== 0 && left.dev === right.dev && left.ino === right.ino
  );
}

function existingFile(path: string): { dev: number; ino: number } | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // e.g. ENOTDIR: then it is no file at all; opening the store reports what is wrong.
  }
}

function sqliteConfig(input: GatewayDbConfigInput, env: Env, legacyDbPath: string): SqliteConfig {
  const path = input.sqlite?.path ?? envValue(env, 'SQLITE_PATH') ?? DEFAULT_SQLITE_PATH;
  nonEmpty('SQLITE_PATH', path);
  if (sameFile(path, legacyDbPath) || sameFile(path, DEFAULT_LEGACY_DB_PATH)) {
    throw configError(
      `SQLITE_PATH points to the legacy file ${path}, which is only an import source and never written: ` +
        `use another file, e.g. ${DEFAULT_SQLITE_PATH} (the default)`,
    );
  }
  const busy = input.sqlite?.busyTimeoutMs ?? envValue(env, 'SQLITE_BUSY_TIMEOUT_MS') ?? 5000;
  return { path, busyTimeoutMs: integerIn('SQLITE_BUSY_TIMEOUT_MS', busy, 0, 600_000) };
}

/**
 * A complete, checked MySQL configuration from `given` over `env` (default: none), redacted like `loadConfig`'s.
 * `urlSetting` names the URL in messages (default `MYSQL_URL`; the migrator says which endpoint).
 */
export function resolveMysqlConfig(given: MysqlConfigInput = {}, env: Env = {}, urlSetting = 'MYSQL_URL'): MysqlConfig {
  const urlText = given.url ?? envValue(env, 'MYSQL_URL');
  const url = urlText ? parseMysqlUrl(urlText, urlSetting) : {};
  // A URL describes the whole server: the single MYSQL_* variables are then ignored (code fields still win).
  const fromEnv = (name: string) => (urlText ? undefined : envValue(env, name));
  const pool = given.pool ?? {};
  const [envHost, ...envMoreHosts] = (fromEnv('MYSQL_HOST') ?? '').split(',').map((entry) => entry.trim());
  const port = integerIn('MYSQL_PORT', given.port ?? url.port ?? fromEnv('MYSQL_PORT') ?? 3306, 1, 65_535);
  const listed =
    given.moreHosts ??
    url.moreHosts ??
    envMoreHosts.filter((entry) => entry !== '').map((entry) => hostAndPort(entry, 'MYSQL_HOST'));
  const moreHosts = listed.map((entry, index) => ({
    host: nonEmpty(`MYSQL_HOST (host ${index + 2})`, entry.host),
    port: integerIn(`MYSQL_HOST (host ${index + 2})`, entry.port ?? port, 1, 65_535),
  }));
  const config: MysqlConfig = {
    host: nonEmpty('MYSQL_HOST', given.host ?? url.host ?? (envHost || undefined) ?? 'localhost'),
    port,
    moreHosts,
    user: nonEmpty('MYSQL_USER', given.user ?? url.user ?? fromEnv('MYSQL_USER') ?? 'root'),
    password: given.password ?? url.password ?? fromEnv('MYSQL_PASSWORD') ?? '',
    database: databaseName(
      'MYSQL_DATABASE',
      given.database ?? url.database ?? fromEnv('MYSQL_DATABASE') ?? 'llm_gateway',
    ),
    pool: {
      connectionLimit: integerIn(
        'MYSQL_CONNECTION_LIMIT',
        pool.connectionLimit ?? envValue(env, 'MYSQL_CONNECTION_LIMIT') ?? 10,
        1,
        1000,
      ),
      waitForConnections: booleanOf('pool.waitForConnections', pool.waitForConnections ?? true),
      queueLimit: integerIn('pool.queueLimit', pool.queueLimit ?? 0, 0, 1_000_000),
      enableKeepAlive: booleanOf('pool.enableKeepAlive', pool.enableKeepAlive ?? true),
      connectTimeoutMs: integerIn(
        'MYSQL_CONNECT_TIMEOUT_MS',
        pool.connectTimeoutMs ?? envValue(env, 'MYSQL_CONNECT_TIMEOUT_MS') ?? 5_000,
        100,
        600_000,
      ),
      statementTimeoutMs: integerIn(
        'MYSQL_STATEMENT_TIMEOUT_MS',
        pool.statementTimeoutMs ?? envValue(env, 'MYSQL_STATEMENT_TIMEOUT_MS') ?? 10_000,
        100,
        3_600_000,
      ),
      acquireTimeoutMs: integerIn(
        'MYSQL_ACQUIRE_TIMEOUT_MS',
        pool.acquireTimeoutMs ?? envValue(env, 'MYSQL_ACQUIRE_TIMEOUT_MS') ?? 10_000,
        100,
        3_600_000,
      ),
      maxPreparedStatements: integerIn(
        'MYSQL_MAX_PREPARED_STATEMENTS',
        pool.maxPreparedStatements ?? envValue(env, 'MYSQL_MAX_PREPARED_STATEMENTS') ?? 64,
        1,
        16_382,
      ),
    },
  };
  return withRedaction(config);
}

/** Keeps the password out of JSON.stringify, util.inspect (console.log) and string conversion. */
function withRedaction(config: MysqlConfig): MysqlConfig {
  const redacted = () => ({ ...config, password: config.password ? '[redacted]' : '' });
  return Object.defineProperties(config, {
    toJSON: { value: redacted, enumerable: false },
    toString: { value: () => describeMysql(config), enumerable: false },
    [inspect.custom]: { value: () => redacted(), enumerable: false },
  });
}

function describeMysql(config: MysqlConfig): string {
  const hosts = [config, ...config.moreHosts].map((server) => `${server.host}:${server.port}`).join(',');
  return `mysql://${config.user}@${hosts}/${config.database} (pool ${config.pool.connectionLimit})`;
}

/** One store's location for logs: never the password. */
export function describeStore(store: StoreConfig): string {
  return store.dialect === 'sqlite' ? `sqlite:${store.sqlite.path}` : describeMysql(store.mysql);
}

function describeReplicas({ servers }: MysqlReplicasConfig): string {
  return `read replicas ${servers.map((server) => `${server.host}:${server.port}/${server.database}`).join(', ')}`;
}

/** A one-line description for logs: dialect and location, never the password. */
export function describeConfig(config: GatewayDbConfig): string {
  const logReplicas = config.logReplicas ? ` (${describeReplicas(config.logReplicas)})` : '';
  const logs = config.logStore ? `, request logs in ${describeStore(config.logStore)}${logReplicas}` : '';
  if (config.dialect === 'sqlite') return `${describeStore(config)}${logs}`;
  const replicas = config.replicas.servers.length > 0 ? `, ${describeReplicas(config.replicas)}` : '';
  return describeMysql(config.mysql) + replicas + logs;
}

/**
 * Resolves the configuration. Throws GatewayDbError `CONFIG` with a one-line message naming the setting to fix.
 * @param envFile the `.env` file to read under `env`; default `.env` in the working directory; `false` skips it.
 */
export function loadConfig(
  overrides: GatewayDbConfigInput = {},
  env: Env = process.env,
  envFile: string | false = join(process.cwd(), '.env'),
): GatewayDbConfig {
  const merged = environmentWithEnvFile(env, envFile);
  const dialect = overrides.dialect ?? envValue(merged, 'DB_DIALECT') ?? 'sqlite';
  if (!isDialect(dialect)) throw configError(`DB_DIALECT must be sqlite or mysql, got "${dialect}"`);
  const legacyDbPath = overrides.legacyDbPath ?? envValue(merged, 'DB_PATH') ?? DEFAULT_LEGACY_DB_PATH;
  const slowQueryMs = integerIn(
    'GATEWAY_DB_SLOW_QUERY_MS',
    overrides.slowQueryMs ?? envValue(merged, 'GATEWAY_DB_SLOW_QUERY_MS') ?? 0,
    0,
    86_400_000,
  );
  const common = { legacyDbPath, slowQueryMs };
  const main: StoreConfig =
    dialect === 'sqlite'
      ? { dialect, sqlite: sqliteConfig(overrides, merged, legacyDbPath) }
      : { dialect, mysql: resolveMysqlConfig(overrides.mysql, merged) };
  const logDbUrl = overrides.logDbUrl ?? envValue(merged, 'LOG_DB_URL');
  const logStore = logDbUrl === undefined ? undefined : logStoreConfig(logDbUrl, main, merged, legacyDbPath);
  const logs = { ...(logStore ? { logStore } : {}), ...logReplicasConfig(overrides.logReplicas, merged, logStore) };
  if (main.dialect === 'sqlite') return { ...main, ...common, ...logs };
  return { ...main, replicas: resolveReplicasConfig(overrides.replicas, merged, main.mysql), ...common, ...logs };
}

/** `LOG_DB_REPLICA_URLS`: only with a MySQL log store (the main store's replicas serve logs kept there). */
function logReplicasConfig(
  given: MysqlReplicasInput | undefined,
  env: Env,
  logStore: StoreConfig | undefined,
): { logReplicas?: MysqlReplicasConfig } {
  if (logStore?.dialect === 'mysql') {
    const replicas = resolveReplicasConfig(given, env, logStore.mysql, 'LOG_DB_REPLICA_URLS');
    return replicas.servers.length > 0 ? { logReplicas: replicas } : {};
  }
  const named = given?.urls ?? envValue(env, 'LOG_DB_REPLICA_URLS');
  if (named === undefined || String(named).trim() === '') return {};
  // The value may hold a password: never echoed.
  throw configError(
    'LOG_DB_REPLICA_URLS needs LOG_DB_URL=mysql://... (the request logs in a MySQL store of their own); ' +
      'with the logs in the main MySQL store, list its replicas in MYSQL_REPLICA_URLS',
  );
}

function sameStore(a: StoreConfig, b: StoreConfig): boolean {
  if (a.dialect === 'sqlite' && b.dialect === 'sqlite') return sameFile(a.sqlite.path, b.sqlite.path);
  if (a.dialect === 'mysql' && b.dialect === 'mysql') {
    const { host, port, database } = a.mysql;
    return host === b.mysql.host && port === b.mysql.port && database === b.mysql.database;
  }
  return false;
}

/**
 * `LOG_DB_URL`: `sqlite:PATH` (busy timeout as the main store's, `SQLITE_BUSY_TIMEOUT_MS`), or a MySQL URL (pool
 * settings from the same MYSQL_* variables as the main store's; host, user, password and database from the URL).
 */
function logStoreConfig(url: string, main: StoreConfig, env: Env, legacyDbPath: string): StoreConfig {
  let store: StoreConfig;
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path.trim() === '') throw configError('LOG_DB_URL must name a file: sqlite:PATH');
    if (sameFile(path, legacyDbPath) || sameFile(path, DEFAULT_LEGACY_DB_PATH)) {
      throw configError(
        `LOG_DB_URL points to the legacy file ${path}, which is only an import source and never written`,
      );
    }
    const busy = envValue(env, 'SQLITE_BUSY_TIMEOUT_MS') ?? 5000;
    store = {
      dialect: 'sqlite',
      sqlite: { path, busyTimeoutMs: integerIn('SQLITE_BUSY_TIMEOUT_MS', busy, 0, 600_000) },
    };
  } else if (/^(mysql|mariadb):\/\//i.test(url)) {
    store = { dialect: 'mysql', mysql: resolveMysqlConfig({ url }, env, 'LOG_DB_URL') };
  } else {
    // The value itself may hold a password: never echoed.
    throw configError('LOG_DB_URL must be sqlite:PATH or mysql://user:password@host:port/database');
  }
  if (sameStore(store, main)) {
    throw configError('LOG_DB_URL names the main store itself: leave it unset to keep the request logs there');
  }
  return store;
}
