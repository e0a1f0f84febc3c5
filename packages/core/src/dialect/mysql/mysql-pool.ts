/**
 * The mysql2 pool as gateway-db runs it, and the creation of the database when it is missing. The connection
 * options and the session set-up come from mysql-session.ts, shared with the migrator's own connections.
 */
import type { Connection } from 'mysql2';
import type mysql from 'mysql2/promise';
import type { MysqlConfig } from '../../config.js';
import { mysql2 } from '../drivers.js';
import { discard, socketOf } from './mysql-connections.js';
import { mapMysqlError } from './mysql-errors.js';
import { MYSQL_SESSION_SETUP, mysqlConnectionOptions, mysqlErrorContext } from './mysql-session.js';

const ER_BAD_DB_ERROR = 1049;

export { mysqlErrorContext as errorContext };

export interface MysqlPool {
  readonly pool: mysql.Pool;
  /** Destroys every open connection at once, busy or idle (the end of a `close()` that ran out of time). */
  destroyAll(): void;
}

export function createMysqlPool(config: MysqlConfig, onSessionError: (error: unknown) => void): MysqlPool {
  const pool = mysql2().createPool({
    ...mysqlConnectionOptions(config, config.pool.connectTimeoutMs),
    database: config.database,
    connectionLimit: config.pool.connectionLimit,
    waitForConnections: config.pool.waitForConnections,
    queueLimit: config.pool.queueLimit,
    enableKeepAlive: config.pool.enableKeepAlive,
    // mysql2 keeps this many server-side prepared statements per connection (LRU, the evicted one is closed); the
    // server's own limit (max_prepared_stmt_count, 16382 by default) is shared by every connection of every process.
    maxPreparedStatements: config.pool.maxPreparedStatements,
  });
  const open = new Set<Connection>();
  // The core pool's event hands out the callback-style connection (the promise wrapper's typing says otherwise).
  pool.pool.on('connection', (connection) => {
    const core = connection as unknown as Connection;
    open.add(core);
    socketOf(core)?.once('close', () => open.delete(core));
    // Queued before any statement of the caller that asked for this connection.
    connection.query(MYSQL_SESSION_SETUP, (error) => {
      if (error) onSessionError(error);
    });
  });
  return {
    pool,
    destroyAll: () => {
      for (const connection of open) discard(connection);
      open.clear();
    },
  };
}

/** Creates the database with utf8mb4 / utf8mb4_unicode_ci when the server says it does not exist. */
export async function ensureDatabase(pool: mysql.Pool, config: MysqlConfig): Promise<void> {
  try {
    await pool.query('SELECT 1');
    return;
  } catch (error) {
    if ((error as { errno?: unknown }).errno !== ER_BAD_DB_ERROR) throw mapMysqlError(error, mysqlErrorContext(config));
  }
  let admin: mysql.Connection | undefined;
  try {
    admin = await mysql2().createConnection(mysqlConnectionOptions(config, config.pool.connectTimeoutMs));
    // The name was validated by the config (letters, digits, _ $ -): safe inside backticks.
    await admin.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    await pool.query('SELECT 1');
  } catch (error) {
    throw mapMysqlError(error, mysqlErrorContext(config));
  } finally {
    await admin?.end().catch(() => undefined);
  }
}
