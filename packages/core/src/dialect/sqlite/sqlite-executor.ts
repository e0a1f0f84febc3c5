/**
 * The SQLite executor on better-sqlite3. better-sqlite3 is synchronous and this process shares one connection,
 * so a transaction is made exclusive with an async lock: while `transaction(fn)` runs (across all the awaits in
 * `fn`), every other statement sent through this executor waits until it commits or rolls back. Statements inside
 * `fn` must use the `tx` executor handed to it (the root one would wait for the transaction: a deadlock).
 *
 * Using the outer executor from inside `fn` is detected (AsyncLocalStorage) and fails at once with BUSY (the store
 * is locked by the caller's own transaction) instead of waiting forever.
 *
 * Nested transactions: `tx.transaction(fn2)` runs `fn2` in a SAVEPOINT; if it throws, only its changes are undone.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { GatewayDbError } from '../../errors.js';
import { AsyncMutex } from '../async-mutex.js';
import type { RawRow, SqlExecutor, SqlValue } from '../sql-executor.js';
import type { StoreExecutor } from '../store-executor.js';
import { SqliteConnection, type SqliteConnectionOptions } from './sqlite-connection.js';

export type SqliteExecutorOptions = SqliteConnectionOptions;

/** How long (ms) a starting process waits for another one that is applying migrations. */
const MIGRATION_LOCK_WAIT_MS = 60_000;

/** The scopes whose transaction callback is running in the current async context. */
const openTransactions = new AsyncLocalStorage<ReadonlySet<SqliteScope>>();

function selfDeadlockError(): GatewayDbError {
  return new GatewayDbError({
    code: 'BUSY',
    message:
      'A statement was sent to the outer executor from inside its own transaction: use the `tx` handed to the callback',
  });
}

class SqliteScope implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  private readonly lock = new AsyncMutex();
  private ended = false;

  constructor(
    protected readonly connection: SqliteConnection,
    private readonly depth: number,
  ) {}

  all(sql: string, params: readonly SqlValue[] = []): Promise<RawRow[]> {
    return this.whenUsable(() => this.connection.all(sql, params));
  }

  get(sql: string, params: readonly SqlValue[] = []): Promise<RawRow | undefined> {
    return this.whenUsable(() => this.connection.get(sql, params));
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    return this.whenUsable(() => this.connection.run(sql, params));
  }

  prepareGet<T>(sql: string, decode: (raw: RawRow) => T): (params: readonly SqlValue[]) => Promise<T | undefined> {
    const get = this.connection.preparedGet(sql);
    // Decoded inside the same synchronous step: one promise per lookup, as few as an async API allows.
    return (params) =>
      this.whenUsable(() => {
        const raw = get(params);
        return raw === undefined ? undefined : decode(raw);
      });
  }

  values(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    return this.whenUsable(() => this.connection.values(sql, params));
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.assertUsable();
    if (this.calledFromOwnTransaction()) throw selfDeadlockError();
    const release = await this.lock.acquire();
    const savepoint = `gateway_db_sp_${this.depth}`;
    const inner = new SqliteScope(this.connection, this.depth + 1);
    try {
      this.connection.exec(this.depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
      try {
        const outer = openTransactions.getStore();
        const holding = new Set(outer ? [...outer, this] : [this]);
        const result = await openTransactions.run(holding, () => fn(inner));
        await inner.settled();
        this.connection.exec(this.depth === 0 ? 'COMMIT' : `RELEASE ${savepoint}`);
        return result;
      } catch (error) {
        await inner.settled();
        this.rollback(savepoint);
        throw error;
      }
    } finally {
      inner.ended = true;
      release();
    }
  }

  async close(): Promise<void> {
    if (this.depth > 0)
      throw new GatewayDbError({ code: 'QUERY', message: 'close() is not available inside a transaction' });
    if (this.ended) return;
    await this.lock.whenFree();
    this.ended = true;
    this.connection.close();
  }

  /** Resolves when no nested transaction of this scope is running. */
  protected settled(): Promise<void> {
    return this.lock.whenFree();
  }

  private rollback(savepoint: string): void {
    // SQLite may already have rolled back on its own (e.g. SQLITE_FULL); then there is nothing to undo.
    if (!this.connection.db.inTransaction) return;
    try {
      this.connection.exec(this.depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${savepoint}; RELEASE ${savepoint}`);
    } catch {
      // The original error matters more than a failed rollback; the connection stays usable either way.
    }
  }

  /** True inside the callback of a transaction on this scope: waiting for the lock would wait for ourselves. */
  private calledFromOwnTransaction(): boolean {
    return openTransactions.getStore()?.has(this) === true;
  }

  private assertUsable(): void {
    if (this.ended) {
      throw new GatewayDbError({
        code: 'CLOSED',
        message:
          this.depth === 0 ? 'The SQLite store is closed' : 'A transaction handle was used after its transaction ended',
      });
    }
  }

  private whenUsable<T>(statement: () => T): Promise<T> {
    try {
      this.assertUsable();
      // Fast path: nothing holds the lock, run now (the hot path pays no extra await).
      if (!this.lock.locked) return Promise.resolve(statement());
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.calledFromOwnTransaction()) return Promise.reject(selfDeadlockError());
    return this.lock.whenFree().then(() => {
      this.assertUsable();
      return statement();
    });
  }
}

class SqliteExecutor extends SqliteScope implements StoreExecutor {
  readonly transactionalDdl = true;
  // SQLite's own limit (SQLITE_MAX_LENGTH, 1 GB) is far above any log row.
  readonly maxStatementBytes = undefined;
  readonly description: string;

  async ping(): Promise<void> {
    await this.get('SELECT 1 AS ok');
  }

  constructor(connection: SqliteConnection, path: string) {
    super(connection, 0);
    this.description = `sqlite:${path}`;
  }

  async withMigrationLock<T>(fn: (connection: SqlExecutor) => Promise<T>): Promise<T> {
    const usual = this.connection.db.pragma('busy_timeout', { simple: true });
    // BEGIN IMMEDIATE waits up to busy_timeout for another process's migration; give it longer than usual.
    this.connection.db.pragma(`busy_timeout = ${MIGRATION_LOCK_WAIT_MS}`);
    // better-sqlite3 opens connections in SQLite's defensive mode, which forbids writing sqlite_schema. The
    // committed migrations need it to drop constraints without rebuilding a table (0002: the log tables' foreign
    // keys); only they run while it is lifted, inside the transaction, and it is restored before anything else.
    this.connection.db.unsafeMode(true);
    try {
      return await this.transaction(fn);
    } finally {
      this.connection.db.unsafeMode(false);
      this.connection.db.pragma(`busy_timeout = ${Number(usual)}`);
    }
  }
}

/** Opens (creating when missing) the SQLite file at `options.path` in WAL mode with foreign keys on. */
export function createSqliteExecutor(options: SqliteExecutorOptions): StoreExecutor {
  return new SqliteExecutor(new SqliteConnection(options), options.path);
}
