/**
 * The mysql2 pool as gateway-db runs it, and the creation of the database when it is missing.
 */
import mysql from 'mysql2/promise';
import type { MysqlConfig } from '../../config.js';
import { mapMysqlError, type MysqlErrorContext } from './mysql-errors.js';

/**
 * Set on every new connection, so both servers behave alike whatever their global settings: strict mode (a value
 * that does not fit is an error, never silently cut), UTC for any time function.
 */
const SESSION_SETUP =
  "SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'";

const ER_BAD_DB_ERROR = 1049;

export function errorContext(config: MysqlConfig): MysqlErrorContext {
  return { server: `${config.host}:${config.port}`, user: config.user, database: config.database };
}

function connectionOptions(config: MysqlConfig) {
  return {
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    connectTimeout: config.pool.connectTimeoutMs,
    charset: 'utf8mb4_unicode_ci',
    // Aggregates come back as numbers, and 64-bit integers as numbers while they are exact.
    decimalNumbers: true,
    supportBigNumbers: true,
    bigNumberStrings: false,
  };
}

export function createMysqlPool(config: MysqlConfig, onSessionError: (error: unknown) => void): mysql.Pool {
  const pool = mysql.createPool({
    ...connectionOptions(config),
    database: config.database,
    connectionLimit: config.pool.connectionLimit,
    waitForConnections: config.pool.waitForConnections,
    queueLimit: config.pool.queueLimit,
    enableKeepAlive: config.pool.enableKeepAlive,
    // mysql2 keeps this many server-side prepared statements per connection (LRU); the server's own limit
    // (max_prepared_stmt_count, 16382 by default) is shared by every connection of every process.
    maxPreparedStatements: 256,
  });
  // The core pool's event hands out the callback-style connection (the promise wrapper's typing says otherwise).
  pool.pool.on('connection', (connection) => {
    // Queued before any statement of the caller that asked for this connection.
    connection.query(SESSION_SETUP, (error) => {
      if (error) onSessionError(error);
    });
  });
  return pool;
}

/** Creates the database with utf8mb4 / utf8mb4_unicode_ci when the server says it does not exist. */
export async function ensureDatabase(pool: mysql.Pool, config: MysqlConfig): Promise<void> {
  try {
    await pool.query('SELECT 1');
    return;
  } catch (error) {
    if ((error as { errno?: unknown }).errno !== ER_BAD_DB_ERROR) throw mapMysqlError(error, errorContext(config));
  }
  let admin: mysql.Connection | undefined;
  try {
    admin = await mysql.createConnection(connectionOptions(config));
    // The name was validated by the config (letters, digits, _ $ -): safe inside backticks.
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await pool.query('SELECT 1');
  } catch (error) {
    throw mapMysqlError(error, errorContext(config));
  } finally {
    await admin?.end().catch(() => undefined);
  }
}
