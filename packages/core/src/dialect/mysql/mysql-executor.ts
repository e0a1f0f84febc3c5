/**
 * The MySQL executor on a mysql2/promise pool. Plain statements use `execute` (server-side prepared statements,
 * cached per connection); `transaction(fn)` runs `fn` on one dedicated connection, and a nested
 * `tx.transaction(fn2)` runs in a SAVEPOINT (only its changes are undone when it throws). Every wait is bounded
 * (config `pool.statementTimeoutMs`, `pool.acquireTimeoutMs`; see mysql-connections.ts), `close()` included.
 */
import type mysql from 'mysql2/promise';
import type { MysqlConfig } from '../../config.js';
import { GatewayDbError, isGatewayDbError } from '../../errors.js';
import type { SqlExecutor, SqlValue } from '../sql-executor.js';
import type { StoreExecutor } from '../store-executor.js';
import { coreOf, DedicatedConnection, discard, PooledConnections, type StatementBounds } from './mysql-connections.js';
import { Watchdog, withDeadline } from './mysql-deadline.js';
import { mapMysqlError } from './mysql-errors.js';
import { PacketLimit, readMaxAllowedPacket } from './mysql-packet-limit.js';
import { createMysqlPool, ensureDatabase, errorContext, type MysqlPool } from './mysql-pool.js';
import { MysqlScope } from './mysql-scope.js';
import { asText } from './mysql-statement.js';

/**
 * Attempts of an auto-commit statement the server aborted as BUSY, and the backoff between them (doubling from the
 * first, at most the last): about 1.3 s in all. Two Galera nodes updating one row in a loop collided up to 6 times
 * in a row in the scale-out tests.
 */
const BUSY_ATTEMPTS = 10;
const FIRST_BUSY_BACKOFF_MS = 5;
const MAX_BUSY_BACKOFF_MS = 200;

/** Seconds a starting process waits for another one that is applying migrations. */
const MIGRATION_LOCK_WAIT_SECONDS = 60;

class MysqlExecutor extends MysqlScope implements StoreExecutor {
  readonly transactionalDdl = false;
  readonly description: string;

  /** One `SELECT 1`, within the acquire and statement bounds like any statement. */
  async ping(): Promise<void> {
    await this.get('SELECT 1 AS ok');
  }

  constructor(
    private readonly pool: MysqlPool,
    private readonly pooled: PooledConnections,
    private readonly watchdog: Watchdog,
    private readonly config: MysqlConfig,
    packetLimit: PacketLimit,
  ) {
    super(pooled, errorContext(config), 0, packetLimit);
    this.description = `mysql://${config.user}@${config.host}:${config.port}/${config.database}`;
  }

  /** The server's max_allowed_packet as last read: it follows the server when the server lowers it (mysql-packet-limit.ts). */
  get maxStatementBytes(): number | undefined {
    return this.packetLimit.bytes;
  }

  /**
   * Runs `fn` with a scope (depth 1) bound to one pooled connection, then gives the connection back. For a
   * migration, statements may take any time (GET_LOCK waits for another process, DDL on a large table is slow) and
   * are sent as text: one-off DDL prepared on the server would only hold statement slots for nothing.
   */
  private async onDedicatedConnection<T>(
    fn: (scope: MysqlScope) => Promise<T>,
    purpose: 'transaction' | 'migration' = 'transaction',
  ): Promise<T> {
    let connection: mysql.PoolConnection;
    try {
      connection = await this.pooled.acquire();
    } catch (error) {
      throw mapMysqlError(error, this.context);
    }
    const migration = purpose === 'migration';
    const statementTimeoutMs = migration ? undefined : this.config.pool.statementTimeoutMs;
    const runner = new DedicatedConnection(connection, statementTimeoutMs, this.context, this.watchdog, !migration);
    const scope = new MysqlScope(runner, this.context, 1, this.packetLimit);
    let failedOnConnection = false;
    try {
      return await fn(scope);
    } catch (error) {
      failedOnConnection = error instanceof GatewayDbError && (error.code === 'CONNECTION' || error.code === 'TIMEOUT');
      throw error;
    } finally {
      scope.markEnded();
      // A connection that failed mid-way may be in any state: never hand it to the next caller (the runner has
      // already destroyed one that timed out or was dropped).
      if (failedOnConnection && !runner.broken) discard(coreOf(connection));
      else if (!runner.broken) connection.release();
    }
  }

  /**
   * A statement of its own (auto-commit) that the server aborted as BUSY (a deadlock, a lock wait timeout, a Galera
   * certification conflict with a write on another node, no room for a prepared statement) was undone whole, so it
   * is run again, a few times with jittered backoff. Statements inside a transaction are not: the transaction is
   * the unit to repeat (the log writer and `retryOnBusy` do).
   */
  override async run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await super.run(sql, params);
      } catch (error) {
        if (attempt >= BUSY_ATTEMPTS || !isGatewayDbError(error, 'BUSY')) throw error;
        const backoff = Math.min(MAX_BUSY_BACKOFF_MS, FIRST_BUSY_BACKOFF_MS * 2 ** (attempt - 1));
        await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * backoff));
      }
    }
  }

  /** START TRANSACTION ... COMMIT on one dedicated connection; ROLLBACK when `fn` throws. */
  override async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.onDedicatedConnection(async (tx) => {
      await tx.control('START TRANSACTION');
      try {
        const result = await fn(tx);
        await tx.settled();
        await tx.control('COMMIT');
        return result;
      } catch (error) {
        await tx.settled();
        await tx.control('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  async withMigrationLock<T>(fn: (connection: SqlExecutor) => Promise<T>): Promise<T> {
    // Named after the database: processes migrating other databases on the same server do not wait.
    const lockName = `gateway_db_migrate.${this.config.database}`.slice(0, 64);
    return this.onDedicatedConnection(async (scope) => {
      const row = await scope.get('SELECT GET_LOCK(?, ?) AS got', [lockName, MIGRATION_LOCK_WAIT_SECONDS]);
      if (Number(row?.got) !== 1) {
        throw new GatewayDbError({
          code: 'MIGRATION',
          message: `Another process held the migration lock of ${this.config.database} for over ${MIGRATION_LOCK_WAIT_SECONDS} s; retry, or look for a stuck migration`,
        });
      }
      try {
        return await fn(scope);
      } finally {
        // The lock also ends with the connection, so a failed release is harmless.
        await scope.get('SELECT RELEASE_LOCK(?) AS released', [lockName]).catch(() => undefined);
      }
    }, 'migration');
  }

  /**
   * Ends the pool: each connection says goodbye to the server. A connection that cannot (a stopped server, a
   * statement still waiting) is destroyed once `acquireTimeoutMs` has passed, so `close()` always returns.
   */
  override async close(): Promise<void> {
    this.markEnded();
    await endPool(this.pool, this.config.pool.acquireTimeoutMs);
    // Statements still waiting on a connection destroyed above would wait forever: they fail now.
    this.watchdog.stop();
  }
}

/** `pool.end()`, or after `ms` the destruction of every connection still open. */
async function endPool(pool: MysqlPool, ms: number): Promise<void> {
  await withDeadline(pool.pool.end(), ms, () => new Error('pool end timed out')).catch(() => pool.destroyAll());
}

function startTimeout(config: MysqlConfig, ms: number): GatewayDbError {
  return new GatewayDbError({
    code: 'TIMEOUT',
    message:
      `${config.host}:${config.port} did not answer within ${ms} ms (MYSQL_CONNECT_TIMEOUT_MS + ` +
      'MYSQL_STATEMENT_TIMEOUT_MS) while gateway-db opened the store: look for a stopped or overloaded server',
  });
}

/**
 * Opens the pool, creating the database (utf8mb4_unicode_ci) when it is missing (not with `createDatabase: false`:
 * a read replica gets its database from its primary), and checks it answers.
 */
export async function createMysqlExecutor(
  config: MysqlConfig,
  onSessionError: (error: unknown) => void = () => undefined,
  options: { readonly createDatabase?: boolean } = {},
): Promise<StoreExecutor> {
  const pool = createMysqlPool(config, (error) => onSessionError(mapMysqlError(error, errorContext(config))));
  const { statementTimeoutMs, acquireTimeoutMs, connectionLimit } = config.pool;
  const bounds: StatementBounds = { statementTimeoutMs, acquireTimeoutMs, connectionLimit };
  // Deadlines are checked every tenth of the shorter bound (at most 250 ms late, never less than 10 ms apart).
  const watchdog = new Watchdog(Math.min(250, Math.max(10, Math.min(statementTimeoutMs, acquireTimeoutMs) / 10)));
  const pooled = new PooledConnections(pool.pool, bounds, errorContext(config), watchdog);
  let maxStatementBytes: number | undefined;
  try {
    const startWithin = config.pool.connectTimeoutMs + statementTimeoutMs;
    const ready =
      options.createDatabase === false
        ? pool.pool.query('SELECT 1').then(() => undefined)
        : ensureDatabase(pool.pool, config);
    await withDeadline(ready, startWithin, () => startTimeout(config, startWithin));
    const rows = await pooled.run('SELECT @@max_allowed_packet', (connection) =>
      asText(connection, { sql: 'SELECT @@max_allowed_packet AS bytes' }),
    );
    maxStatementBytes = Number((rows as mysql.RowDataPacket[])[0]?.bytes) || undefined;
  } catch (error) {
    await endPool(pool, acquireTimeoutMs);
    watchdog.stop();
    throw mapMysqlError(error, errorContext(config));
  }
  const packetLimit = new PacketLimit(maxStatementBytes, () => readMaxAllowedPacket(config));
  return new MysqlExecutor(pool, pooled, watchdog, config, packetLimit);
}
