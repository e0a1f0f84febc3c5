/**
 * The MySQL executor on a mysql2/promise pool. Plain statements use `execute` (server-side prepared statements,
 * cached per connection); `transaction(fn)` runs `fn` on one dedicated connection, and a nested
 * `tx.transaction(fn2)` runs in a SAVEPOINT (only its changes are undone when it throws).
 */
import type mysql from 'mysql2/promise';
import type { MysqlConfig } from '../../config.js';
import { GatewayDbError } from '../../errors.js';
import type { SqlExecutor } from '../sql-executor.js';
import type { StoreExecutor } from '../store-executor.js';
import { mapMysqlError } from './mysql-errors.js';
import { createMysqlPool, ensureDatabase, errorContext } from './mysql-pool.js';
import { MysqlScope } from './mysql-scope.js';

/** Seconds a starting process waits for another one that is applying migrations. */
const MIGRATION_LOCK_WAIT_SECONDS = 60;

class MysqlExecutor extends MysqlScope implements StoreExecutor {
  readonly transactionalDdl = false;
  readonly description: string;

  async ping(): Promise<void> {
    await this.get('SELECT 1 AS ok');
  }

  constructor(
    private readonly pool: mysql.Pool,
    private readonly config: MysqlConfig,
    readonly maxStatementBytes: number | undefined,
  ) {
    super(pool, errorContext(config), 0, maxStatementBytes);
    this.description = `mysql://${config.user}@${config.host}:${config.port}/${config.database}`;
  }

  /** Runs `fn` with a scope (depth 1) bound to one pooled connection, then gives the connection back. */
  private async onDedicatedConnection<T>(fn: (scope: MysqlScope) => Promise<T>): Promise<T> {
    let connection: mysql.PoolConnection;
    try {
      connection = await this.pool.getConnection();
    } catch (error) {
      throw mapMysqlError(error, this.context);
    }
    const scope = new MysqlScope(connection, this.context, 1, this.maxStatementBytes);
    let broken = false;
    try {
      return await fn(scope);
    } catch (error) {
      broken = error instanceof GatewayDbError && error.code === 'CONNECTION';
      throw error;
    } finally {
      scope.markEnded();
      // A connection that failed mid-way may be in any state: never hand it to the next caller.
      if (broken) connection.destroy();
      else connection.release();
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
    });
  }

  override async close(): Promise<void> {
    this.markEnded();
    await this.pool.end();
  }
}

/** Opens the pool, creating the database (utf8mb4_unicode_ci) when it is missing, and checks it answers. */
export async function createMysqlExecutor(
  config: MysqlConfig,
  onSessionError: (error: unknown) => void = () => undefined,
): Promise<StoreExecutor> {
  const pool = createMysqlPool(config, (error) => onSessionError(mapMysqlError(error, errorContext(config))));
  let maxStatementBytes: number | undefined;
  try {
    await ensureDatabase(pool, config);
    const [rows] = await pool.query<mysql.RowDataPacket[]>('SELECT @@max_allowed_packet AS bytes');
    maxStatementBytes = Number(rows[0]?.bytes) || undefined;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw mapMysqlError(error, errorContext(config));
  }
  return new MysqlExecutor(pool, config, maxStatementBytes);
}
