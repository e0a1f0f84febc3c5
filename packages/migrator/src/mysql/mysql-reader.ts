/**
 * Reads a MySQL/MariaDB gateway database: rows streamed with back-pressure, as arrays, BIGINT exact.
 * The bulk read renders its SELECT with Drizzle once per table and streams it on the bare driver: mysql-proxy
 * buffers the whole result, Drizzle builds an object per row, and it decodes VARBINARY to a string, which would
 * turn bytes that are not UTF-8 into U+FFFD before the codec could refuse them.
 */
import type { Connection as CoreConnection } from 'mysql2';
import type { Endpoint } from '../endpoint.js';
import { wrapDriverError } from '../errors.js';
import { streamed } from '../memory-guard.js';
import type { RowQuery, StoreReader } from '../store.js';
import type { StoreClient } from '../store-client.js';
import type { MysqlConnection } from './mysql-connection.js';

const BATCH_ROWS = 256;
const BATCH_CHARS = 1024 * 1024;

/** Catalog query: the information schema is not a table of the schema package, so it stays SQL. */
const LIST_COLUMNS = `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS
  WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`;

export function createMysqlReader(
  connection: MysqlConnection,
  client: StoreClient,
  endpoint: Endpoint,
  onClose: () => Promise<void>,
): StoreReader {
  return {
    dialect: 'mysql',
    endpoint,
    client,
    async listTables() {
      let rows: unknown[][];
      try {
        [rows] = (await connection.query({ sql: LIST_COLUMNS, rowsAsArray: true })) as unknown as [unknown[][]];
      } catch (error) {
        throw wrapDriverError(error, 'Listing the tables');
      }
      const result = new Map<string, string[]>();
      for (const [table, column] of rows) {
        const name = String(table);
        const list = result.get(name) ?? [];
        list.push(String(column));
        result.set(name, list);
      }
      return result;
    },
    readBatches: (query) => readBatches(connection, client, query),
    close: onClose,
  };
}

async function* readBatches(
  connection: MysqlConnection,
  client: StoreClient,
  query: RowQuery,
): AsyncGenerator<unknown[][]> {
  const { sql, params } = client.render(query.select);
  // The core (callback) connection streams with back-pressure: the socket pauses while a batch is processed.
  // mysql2's promise wrapper keeps the core connection as `.connection` (not in its typings).
  const core = (connection as unknown as { connection: CoreConnection }).connection;
  const stream = core.query({ sql, values: params, rowsAsArray: true }).stream({ highWaterMark: 64 });
  let batch: unknown[][] = [];
  let chars = 0;
  let finished = false;
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
    finished = true;
  } catch (error) {
    throw wrapDriverError(error, `Reading ${query.select.from.name}`);
  } finally {
    // Left mid-result (a run stopped on request): mysql2 cannot cancel the query and leaves the connection paused,
    // so any later statement on it would wait forever. Closing it ends the query; the run is stopping anyway.
    if (!finished) core.destroy();
  }
  if (batch.length > 0) yield batch;
}
