/**
 * Multi-row INSERTs sized by bytes (never above max_allowed_packet), sent over several connections so the server
 * inserts one batch while Node reads and encodes the next. Plain INSERT (never IGNORE), strict mode, and any
 * warning fails the copy. The writer sessions run with autocommit off and commit every COMMIT_BYTES (one log
 * flush per 16 MB instead of per batch); restartability does not depend on it: the import state marker does that.
 *
 * The bulk write stays on the driver: Drizzle renders the statement head from the plan's columns, the rows go as
 * literals from mysql-insert-encoder.ts. Drizzle's insert builder would make a bound parameter (and an object) of
 * every value and map each through its column; that is the throughput that keeps the copy near LOAD DATA.
 */
import { sql } from 'drizzle-orm';
import { MySqlDialect } from 'drizzle-orm/mysql-core';
import { MigrationError } from '../errors.js';
import { streamed } from '../memory-guard.js';
import type { TablePlan } from '../plan.js';
import type { TableWriter } from '../store.js';
import { checkedQuery, type MysqlConnection } from './mysql-connection.js';
import { encodeMysqlTuple } from './mysql-insert-encoder.js';

const dialect = new MySqlDialect();

const COMMIT_BYTES = 16 * 1024 * 1024;

export interface MysqlWriterOptions {
  readonly connections: readonly MysqlConnection[];
  /** Target size of one INSERT statement in bytes. */
  readonly batchBytes: number;
}

/** `INSERT INTO t (c1,c2,...) VALUES `, names quoted by Drizzle. */
function insertHead(plan: TablePlan): string {
  const columns = sql.join(
    plan.columns.map((column) => sql.identifier(column.name)),
    sql`,`,
  );
  return dialect.sqlToQuery(sql`INSERT INTO ${plan.table.mysql} (${columns}) VALUES `).sql;
}

export function createMysqlTableWriter(plan: TablePlan, options: MysqlWriterOptions): TableWriter {
  const table = plan.name;
  const prefix = insertHead(plan);
  const prefixBytes = Buffer.byteLength(prefix);
  const idle = [...options.connections];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let tuples: string[] = [];
  let bytes = prefixBytes;
  let batchNumber = 0;

  const uncommitted = new Map<MysqlConnection, number>();
  const insertAndMaybeCommit = async (connection: MysqlConnection, statement: string, number: number) => {
    await checkedQuery(connection, statement, `Inserting batch ${number} into ${table}`);
    const pending = (uncommitted.get(connection) ?? 0) + statement.length;
    uncommitted.set(connection, pending);
    if (pending >= COMMIT_BYTES) {
      await checkedQuery(connection, 'COMMIT', `Committing ${table}`);
      uncommitted.set(connection, 0);
    }
  };

  const send = (connection: MysqlConnection, statement: string, number: number): Promise<void> => {
    const task = insertAndMaybeCommit(connection, statement, number)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        inFlight.delete(task);
        idle.push(connection);
      });
    inFlight.add(task);
    return task;
  };

  const flush = async (): Promise<void> => {
    if (tuples.length === 0) return;
    const statement = prefix + tuples.join(',');
    streamed(bytes);
    tuples = [];
    bytes = prefixBytes;
    while (idle.length === 0) await Promise.race(inFlight);
    throwIfFailed();
    const connection = idle.pop() as MysqlConnection;
    void send(connection, statement, ++batchNumber);
  };

  const throwIfFailed = (): void => {
    if (failure !== undefined) {
      throw failure instanceof MigrationError
        ? failure
        : new MigrationError({ code: 'QUERY', message: `Inserting into ${table} failed`, cause: failure });
    }
  };

  /** Everything written so far sent and committed on every connection; the writer stays usable. */
  const settle = async (): Promise<void> => {
    await flush();
    while (inFlight.size > 0) await Promise.race(inFlight);
    throwIfFailed();
    for (const connection of options.connections) await checkedQuery(connection, 'COMMIT', `Committing ${table}`);
    uncommitted.clear();
  };

  return {
    write(row) {
      throwIfFailed();
      const tuple = encodeMysqlTuple(row);
      const tupleBytes = Buffer.byteLength(tuple) + 1;
      let pending: Promise<void> | undefined;
      if (tuples.length > 0 && bytes + tupleBytes > options.batchBytes) pending = flush();
      tuples.push(tuple);
      bytes += tupleBytes;
      return pending;
    },
    checkpoint: settle,
    finish: settle,
  };
}
