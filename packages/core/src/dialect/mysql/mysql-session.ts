/**
 * How every MySQL/MariaDB connection is set up, for gateway-db's pool and the migrator's single connections
 * alike: the connection options and the session statement live here and nowhere else, so both see the server
 * behave the same whatever its global settings.
 */
import type mysql from 'mysql2/promise';
import type { MysqlConfig } from '../../config.js';
import { mysql2 } from '../drivers.js';
import { type MysqlErrorContext, mapMysqlError } from './mysql-errors.js';
import { failoverStream } from './mysql-failover.js';

/**
 * Strict mode: a value that does not fit is an error, never silently cut or changed. It replaces the server's own
 * mode list (which differs between MySQL 8 and MariaDB), so both servers accept and refuse the same statements.
 */
export const MYSQL_SQL_MODE = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

/** Sent on every new connection before anything else: the SQL mode above, and UTC for any time function. */
export const MYSQL_SESSION_SETUP = `SET SESSION sql_mode = '${MYSQL_SQL_MODE}', time_zone = '+00:00'`;

/** utf8mb4 on the wire (4-byte emoji arrive whole) and the collation databases are created with. */
export const MYSQL_COLLATION = 'utf8mb4_unicode_ci';

/** What it takes to reach one database; `MysqlConfig` adds the pool settings. */
export type MysqlServerConfig = Pick<MysqlConfig, 'host' | 'port' | 'user' | 'password' | 'database'> &
  Partial<Pick<MysqlConfig, 'moreHosts'>>;

/** Names the server, user and database in error messages; never the password. */
export function mysqlErrorContext(server: MysqlServerConfig): MysqlErrorContext {
  const hosts = [server, ...(server.moreHosts ?? [])].map((host) => `${host.host}:${host.port}`).join(',');
  return { server: hosts, user: server.user, database: server.database };
}

/** mysql2's options for `server`, without selecting the database (the caller adds `database` when it exists). */
export function mysqlConnectionOptions(server: MysqlServerConfig, connectTimeoutMs: number): mysql.ConnectionOptions {
  // Several servers (MYSQL_HOST=node1,node2): connections follow the failover rotation of mysql-failover.ts.
  const stream = failoverStream(server);
  return {
    ...(stream ? { stream } : {}),
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    connectTimeout: connectTimeoutMs,
    charset: MYSQL_COLLATION,
    // Aggregates come back as numbers; BIGINT as a number while it is exact, as a decimal string beyond 2^53.
    decimalNumbers: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
  };
}

export interface OpenMysqlConnectionOptions {
  /** ms to establish the connection (gateway-db: `MYSQL_CONNECT_TIMEOUT_MS`, default 5000). */
  readonly connectTimeoutMs: number;
  /** Connect without selecting the database (to create it). Default false. */
  readonly withoutDatabase?: boolean;
}

/**
 * One connection outside any pool (a stream, a lock holder), with the session set up like the pool's. Failures
 * are GatewayDbError (`CONNECTION`, `CONFIG` for a refused login or a missing database, ...).
 */
export async function openMysqlConnection(
  server: MysqlServerConfig,
  options: OpenMysqlConnectionOptions,
): Promise<mysql.Connection> {
  let connection: mysql.Connection | undefined;
  try {
    connection = await mysql2().createConnection({
      ...mysqlConnectionOptions(server, options.connectTimeoutMs),
      ...(options.withoutDatabase ? {} : { database: server.database }),
    });
    await connection.query(MYSQL_SESSION_SETUP);
    return connection;
  } catch (error) {
    await connection?.end().catch(() => undefined);
    throw mapMysqlError(error, mysqlErrorContext(server));
  }
}
