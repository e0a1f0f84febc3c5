/** Reads a MySQL/MariaDB gateway database: rows streamed with back-pressure, as arrays, BIGINT exact. */
import type { Connection as CoreConnection } from 'mysql2';
import type { Endpoint } from '../endpoint.js';
import { wrapDriverError } from '../errors.js';
import { streamed } from '../memory-guard.js';
import { quoteIdentifier } from '../plan.js';
import type { RowQuery, StoreReader } from '../store.js';
import type { MysqlConnection } from './mysql-connection.js';

const BATCH_ROWS = 256;
const BATCH_CHARS = 1024 * 1024;

export function createMysqlReader(connection: MysqlConnection, endpoint: Endpoint, onClose: () => Promise<void>): StoreReader {
  const queryRows = async (sql: string, params: readonly unknown[] = []): Promise<unknown[][]> => {
    try {
      const [rows] = await connection.query({ sql, values: params as unknown[], rowsAsArray: true });
      return rows as unknown[][];
    } catch (error) {
      throw wrapDriverError(error, 'A read query');
    }
  };
  return {
    dialect: 'mysql',
    endpoint,
    async listTables() {
      const rows = await queryRows(
        `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS
          WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`,
      );
      const result = new Map<string, string[]>();
      for (const [table, column] of rows) {
        const name = String(table);
        const list = result.get(name) ?? [];
        list.push(String(column));
        result.set(name, list);
      }
      return result;
    },
    async countRows(table) {
      const rows = await queryRows(`SELECT COUNT(*) FROM ${quoteIdentifier(table)}`);
      return Number(rows[0]?.[0] ?? 0);
    },
    readBatches: (query) => readBatches(connection, query),
    queryRows,
    binary: (expr) => `CAST(${expr} AS BINARY)`,
    close: onClose,
  };
}

async function* readBatches(connection: MysqlConnection, query: RowQuery): AsyncGenerator<unknown[][]> {
  const sql = `SELECT ${query.selects.join(', ')} FROM ${quoteIdentifier(query.table)} ORDER BY ${query.orderBy}`;
  // The core (callback) connection streams with back-pressure: the socket pauses while a batch is processed.
  // mysql2's promise wrapper keeps the core connection as `.connection` (not in its typings).
  const core = (connection as unknown as { connection: CoreConnection }).connection;
  const stream = core.query({ sql, rowsAsArray: true }).stream({ highWaterMark: 64 });
  let batch: unknown[][] = [];
  let chars = 0;
  try {
    for await (const row of stream as AsyncIterable<unknown[]>) {
      for (const index of query.textColumns) {
        const value = row[index];
        if (typeof value === 'string') chars += value.length;
        else if (Buffer.isBuffer(value)) chars += value.length;
      }
      batch.push(row);
      if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
        streamed(chars);
        yield batch;
        batch = [];
        chars = 0;
      }
    }
  } catch (error) {
    throw wrapDriverError(error, `Reading ${query.table}`);
  }
  if (batch.length > 0) yield batch;
}
