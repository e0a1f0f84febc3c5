/**
 * A MySQL statement scope: the pool (plain statements, each on any free connection) or one dedicated connection
 * (a transaction, or the migration lock holder). Nested transactions on a dedicated connection are SAVEPOINTs;
 * the pool-level transaction (START TRANSACTION on a fresh connection) lives in MysqlExecutor. Where statements
 * run, and their time bounds, is the ConnectionRunner's business (mysql-connections.ts).
 */
import { inspect } from 'node:util';
import type mysql from 'mysql2/promise';
import { GatewayDbError } from '../../errors.js';
import { AsyncMutex } from '../async-mutex.js';
import type { RawRow, SqlExecutor, SqlValue } from '../sql-executor.js';
import { assertWellFormedParams } from '../well-formed-text.js';
import type { ConnectionRunner } from './mysql-connections.js';
import { type MysqlErrorContext, mapMysqlError } from './mysql-errors.js';
import type { PacketLimit } from './mysql-packet-limit.js';
import { asText, runStatement } from './mysql-statement.js';

export class MysqlScope implements SqlExecutor {
  readonly dialect = 'mysql' as const;
  /** Held by a nested transaction (savepoint) of a transaction scope; unused at the pool level. */
  private readonly lock = new AsyncMutex();
  private ended = false;

  constructor(
    protected readonly runner: ConnectionRunner,
    protected readonly context: MysqlErrorContext,
    private readonly depth: number,
    /** The server's max_allowed_packet: larger statements are refused before they are sent (mysql-packet.ts). */
    protected readonly packetLimit: PacketLimit,
  ) {}

  async all(sql: string, params: readonly SqlValue[] = []): Promise<RawRow[]> {
    const result = await this.execute(sql, params);
    return Array.isArray(result) ? (result as RawRow[]) : [];
  }

  async values(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    const result = await this.execute(sql, params, true);
    return Array.isArray(result) ? (result as unknown[][]) : [];
  }

  prepareGet<T>(sql: string, decode: (raw: RawRow) => T): (params: readonly SqlValue[]) => Promise<T | undefined> {
    // mysql2 keeps the server-side prepared statement per connection; nothing more to hold here.
    return async (params) => {
      const raw = await this.get(sql, params);
      return raw === undefined ? undefined : decode(raw);
    };
  }

  async get(sql: string, params: readonly SqlValue[] = []): Promise<RawRow | undefined> {
    return (await this.all(sql, params))[0];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    const result = await this.execute(sql, params);
    return { changes: Array.isArray(result) ? 0 : Number((result as mysql.ResultSetHeader).affectedRows ?? 0) };
  }

  /** Inside a transaction: a SAVEPOINT on the same connection (the top level is MysqlExecutor.transaction). */
  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.assertUsable();
    const release = await this.lock.acquire();
    const savepoint = `gateway_db_sp_${this.depth}`;
    const inner = new MysqlScope(this.runner, this.context, this.depth + 1, this.packetLimit);
    try {
      await this.control(`SAVEPOINT ${savepoint}`);
      try {
        const result = await fn(inner);
        await inner.lock.whenFree();
        await this.control(`RELEASE SAVEPOINT ${savepoint}`);
        return result;
      } catch (error) {
        await inner.lock.whenFree();
        await this.control(`ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
        throw error;
      }
    } finally {
      inner.markEnded();
      release();
    }
  }

  async close(): Promise<void> {
    throw new GatewayDbError({ code: 'QUERY', message: 'close() is not available inside a transaction' });
  }

  /** Transaction control statements: `query`, because they cannot be prepared on every server. */
  async control(sql: string): Promise<void> {
    try {
      await this.runner.run(sql, (connection) => asText(connection, { sql }));
    } catch (error) {
      throw mapMysqlError(error, { ...this.context, sql });
    }
  }

  private async execute(sql: string, params: readonly SqlValue[], rowsAsArray = false): Promise<unknown> {
    this.assertUsable();
    assertWellFormedParams(params, sql);
    this.packetLimit.assertFits(sql, params);
    if (this.lock.locked) await this.lock.whenFree();
    try {
      return await this.runner.run(sql, (connection) =>
        runStatement(connection, sql, params, rowsAsArray, this.packetLimit.bytes, this.runner.prepares),
      );
    } catch (error) {
      // A statement the server refused or dropped may have met a lowered max_allowed_packet: DATA_DOES_NOT_FIT then.
      await this.packetLimit.recheck(sql, params, error);
      throw mapMysqlError(error, { ...this.context, sql });
    }
  }

  private assertUsable(): void {
    if (this.ended) {
      throw new GatewayDbError({
        code: 'CLOSED',
        message:
          this.depth === 0 ? 'The MySQL store is closed' : 'A transaction handle was used after its transaction ended',
      });
    }
  }

  markEnded(): void {
    this.ended = true;
  }

  /** Resolves when no nested transaction (savepoint) of this scope is running. */
  settled(): Promise<void> {
    return this.lock.whenFree();
  }

  /** console.log / util.inspect show this, never the pool or connection, whose config holds the password. */
  [inspect.custom](): string {
    const { user, server, database } = this.context;
    return `MysqlScope(${user ?? '?'}@${server ?? '?'}/${database ?? '?'}, depth ${this.depth})`;
  }
}
