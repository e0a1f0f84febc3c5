/**
 * Multi-row INSERTs sized by bytes (never above max_allowed_packet), sent over several connections so the server
 * inserts one batch while Node reads and encodes the next. Plain INSERT (never IGNORE), strict mode, and any
 * warning fails the copy. Each statement commits on its own: restartability comes from the import state marker.
 */
import { MigrationError } from '../errors.js';
import { quoteIdentifier } from '../plan.js';
import type { TableWriter } from '../store.js';
import { checkedQuery, type MysqlConnection } from './mysql-connection.js';
import { encodeMysqlTuple } from './mysql-insert-encoder.js';

export interface MysqlWriterOptions {
  readonly connections: readonly MysqlConnection[];
  /** Target size of one INSERT statement in bytes. */
  readonly batchBytes: number;
}

export function createMysqlTableWriter(table: string, columns: readonly string[], options: MysqlWriterOptions): TableWriter {
  const prefix = `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(',')}) VALUES `;
  const prefixBytes = Buffer.byteLength(prefix);
  const idle = [...options.connections];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let tuples: string[] = [];
  let bytes = prefixBytes;
  let batchNumber = 0;

  const send = (connection: MysqlConnection, sql: string, number: number): Promise<void> => {
    const task = checkedQuery(connection, sql, `Inserting batch ${number} into ${table}`)
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
    const sql = prefix + tuples.join(',');
    tuples = [];
    bytes = prefixBytes;
    while (idle.length === 0) await Promise.race(inFlight);
    throwIfFailed();
    const connection = idle.pop() as MysqlConnection;
    void send(connection, sql, ++batchNumber);
  };

  const throwIfFailed = (): void => {
    if (failure !== undefined) {
      throw failure instanceof MigrationError
        ? failure
        : new MigrationError({ code: 'QUERY', message: `Inserting into ${table} failed`, cause: failure });
    }
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
    async finish() {
      await flush();
      while (inFlight.size > 0) await Promise.race(inFlight);
      throwIfFailed();
    },
  };
}
