/**
 * What the executors of this package offer beyond `SqlExecutor`, for the life cycle (migrations, health) rather
 * than for repositories.
 */
import type { SqlExecutor } from './sql-executor.js';

export interface StoreExecutor extends SqlExecutor {
  /**
   * Runs `fn` while holding the cross-process migration lock, on one connection:
   * - SQLite: inside one `BEGIN IMMEDIATE` transaction (DDL is transactional: all or nothing);
   * - MySQL: holding `GET_LOCK(...)` on a dedicated connection; statements auto-commit (MySQL DDL always does).
   */
  withMigrationLock<T>(fn: (connection: SqlExecutor) => Promise<T>): Promise<T>;
  /** True when DDL takes part in transactions (SQLite), so a failed migration leaves nothing behind. */
  readonly transactionalDdl: boolean;
  /** A short description for logs, never with a password: `sqlite:/path/file` or `mysql://user@host:port/db`. */
  readonly description: string;
  /**
   * One round trip to the store (`SELECT 1`), for health checks; throws the usual GatewayDbError when it fails.
   * Bounded like every statement (MySQL: TIMEOUT after MYSQL_ACQUIRE_TIMEOUT_MS + MYSQL_STATEMENT_TIMEOUT_MS at
   * most, when the server is stopped or cut off).
   */
  ping(): Promise<void>;
  /**
   * The largest statement the server accepts in bytes (MySQL `max_allowed_packet`); undefined when unbounded. Read
   * it when it is needed, not once: MySQL's is read again when the server refused a statement as too large or
   * dropped a large one (a restart with a lower limit), and larger statements are then refused before sending.
   */
  readonly maxStatementBytes: number | undefined;
}
