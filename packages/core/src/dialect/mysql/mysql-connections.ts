/**
 * Where a scope's statements run, with their bounds: any pooled connection (acquired within `acquireTimeoutMs`),
 * or the one connection of a transaction. Each statement gets `statementTimeoutMs` to be answered. A connection
 * that timed out, was dropped by the server or refused an oversized packet (the server closes it after
 * ER_NET_PACKET_TOO_LARGE) is destroyed, never handed to the next caller: a late answer or a dead socket would
 * fail or stall that caller instead.
 */
import { Socket } from 'node:net';
import type { Connection, PoolConnection } from 'mysql2';
import type mysql from 'mysql2/promise';
import { GatewayDbError } from '../../errors.js';
import { onTable, statementTable } from '../driver-error.js';
import { type Watchdog, watched, withDeadline } from './mysql-deadline.js';
import { type MysqlErrorContext, mapMysqlError } from './mysql-errors.js';
import { leaveHostOf } from './mysql-failover.js';

const ER_NET_PACKET_TOO_LARGE = 1153;

export interface StatementBounds {
  /** ms a statement waits for its answer; undefined: no bound (schema migrations). */
  readonly statementTimeoutMs: number | undefined;
  /** ms a statement waits for a free pooled connection. */
  readonly acquireTimeoutMs: number;
  /** The pool size, for messages. */
  readonly connectionLimit: number;
}

export interface ConnectionRunner {
  /**
   * Whether statements are prepared on the server (cached per connection); false sends them as text, for one-off
   * statements such as a migration's DDL, which would only hold server-side statements for nothing.
   */
  readonly prepares: boolean;
  /**
   * Runs `work` on a connection (mysql2's callback-style one) within the statement bound; failures are driver
   * errors or GatewayDbError.
   */
  run<T>(sql: string, work: (connection: Connection) => Promise<T>): Promise<T>;
}

/** The callback-style connection under a promise one (mysql2's typing names the promise class instead). */
export function coreOf(connection: mysql.PoolConnection): Connection {
  return connection.connection as unknown as Connection;
}

/** The connection's socket (mysql2 keeps it as `stream`, typed `any`). */
export function socketOf(connection: Connection): Socket | undefined {
  const { stream } = connection as unknown as { stream?: unknown };
  return stream instanceof Socket ? stream : undefined;
}

/**
 * Closes `connection` at once: out of the pool, socket destroyed (a stopped server would never answer a QUIT). With
 * several hosts configured, new connections move on to the next one (mysql-failover.ts).
 */
export function discard(connection: Connection): void {
  const socket = socketOf(connection);
  leaveHostOf(socket);
  connection.destroy();
  socket?.destroy();
}

/** After such a failure the connection's state is unknown or it is already closed by the server. */
export function breaksConnection(error: unknown): boolean {
  if ((error as { errno?: unknown })?.errno === ER_NET_PACKET_TOO_LARGE) return true;
  if ((error as { fatal?: unknown })?.fatal === true) return true;
  const code = mapMysqlError(error).code;
  return code === 'CONNECTION' || code === 'TIMEOUT';
}

function statementTimeout(sql: string, ms: number, context: MysqlErrorContext): GatewayDbError {
  return new GatewayDbError({
    code: 'TIMEOUT',
    message:
      `A statement${onTable(statementTable(sql))} got no answer from ${context.server ?? 'the MySQL server'} within ` +
      `${ms} ms (MYSQL_STATEMENT_TIMEOUT_MS) and its connection was closed; retry, or look for a stopped, ` +
      'cut-off or overloaded server',
  });
}

/** Plain statements: each on any free connection of the pool. */
export class PooledConnections implements ConnectionRunner {
  readonly prepares = true;

  constructor(
    private readonly pool: mysql.Pool,
    private readonly bounds: StatementBounds,
    private readonly context: MysqlErrorContext,
    private readonly watchdog: Watchdog,
  ) {}

  /** A free connection within `acquireTimeoutMs`; one that arrives later goes back to the pool. */
  async acquire(): Promise<mysql.PoolConnection> {
    const pending = this.pool.getConnection();
    return withDeadline(pending, this.bounds.acquireTimeoutMs, () => {
      pending.then(
        (late) => late.release(),
        () => undefined,
      );
      return this.acquireTimeout();
    });
  }

  /**
   * The hot path of every plain statement: acquire, run, release, with one promise and one watched deadline (the
   * acquire bound, then moved to the statement bound) instead of a wrapper and a timer for each step.
   */
  run<T>(sql: string, work: (connection: Connection) => Promise<T>): Promise<T> {
    const { acquireTimeoutMs, statementTimeoutMs } = this.bounds;
    return new Promise<T>((resolve, reject) => {
      let connection: PoolConnection | undefined;
      let settled = false;
      const settle = (): boolean => {
        if (settled) return false;
        settled = true;
        this.watchdog.cancel(wait);
        return true;
      };
      const wait = this.watchdog.watch(acquireTimeoutMs, () => {
        if (!settle()) return;
        if (!connection) return reject(this.acquireTimeout());
        discard(connection);
        reject(statementTimeout(sql, statementTimeoutMs ?? 0, this.context));
      });
      // The callback API: no promise (and no wrapper object) for the acquisition.
      this.pool.pool.getConnection((failure, acquired) => {
        if (failure) {
          if (settle()) reject(failure);
          return;
        }
        if (settled) return acquired.release();
        connection = acquired;
        if (statementTimeoutMs === undefined) this.watchdog.cancel(wait);
        else wait.due = Date.now() + statementTimeoutMs;
        work(acquired).then(
          (value) => {
            if (!settle()) return;
            acquired.release();
            resolve(value);
          },
          (error: unknown) => {
            if (!settle()) return;
            if (breaksConnection(error)) discard(acquired);
            else acquired.release();
            reject(error);
          },
        );
      });
    });
  }

  private acquireTimeout(): GatewayDbError {
    const { acquireTimeoutMs, connectionLimit } = this.bounds;
    return new GatewayDbError({
      code: 'TIMEOUT',
      message:
        `No connection to ${this.context.server ?? 'the MySQL server'} became free within ${acquireTimeoutMs} ms ` +
        `(MYSQL_ACQUIRE_TIMEOUT_MS; all ${connectionLimit} of MYSQL_CONNECTION_LIMIT busy or opening); retry, or ` +
        'look for a stopped or overloaded server',
    });
  }
}

/** The one connection of a transaction or of the migration lock. Once it broke, every later statement fails. */
export class DedicatedConnection implements ConnectionRunner {
  broken = false;

  constructor(
    private readonly connection: mysql.PoolConnection,
    private readonly statementTimeoutMs: number | undefined,
    private readonly context: MysqlErrorContext,
    private readonly watchdog: Watchdog,
    readonly prepares = true,
  ) {}

  async run<T>(sql: string, work: (connection: Connection) => Promise<T>): Promise<T> {
    if (this.broken) {
      throw new GatewayDbError({
        code: 'CONNECTION',
        message: `The connection of this transaction to ${this.context.server ?? 'the MySQL server'} was closed after an earlier failure: the transaction is not committed (the server rolls it back)`,
      });
    }
    const ms = this.statementTimeoutMs;
    try {
      return await watched(this.watchdog, work(coreOf(this.connection)), ms, () =>
        statementTimeout(sql, ms ?? 0, this.context),
      );
    } catch (error) {
      if (breaksConnection(error)) {
        this.broken = true;
        discard(coreOf(this.connection));
      }
      throw error;
    }
  }
}
