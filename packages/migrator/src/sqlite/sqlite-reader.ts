/**
 * Reads a SQLite file (a legacy sql.js gateway.db or a gateway-db store) through better-sqlite3: 64-bit integers
 * exact (`safeIntegers`), rows streamed with `iterate()`, raw arrays instead of objects.
 * The bulk read renders its SELECT with Drizzle once per table and iterates it on the bare driver: sqlite-proxy
 * collects every row of the table first, and Drizzle builds an object per row.
 */
import { isUtf8 } from 'node:buffer';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import type { Endpoint } from '../endpoint.js';
import { wrapDriverError } from '../errors.js';
import { streamed } from '../memory-guard.js';
import type { RowQuery, StoreReader } from '../store.js';
import type { RawRunner, RenderedQuery, StoreClient } from '../store-client.js';
import { sqliteClient } from './sqlite-client.js';

/** Rows per yielded batch; a batch also closes early past BATCH_CHARS of text so MB-sized rows stay bounded. */
const BATCH_ROWS = 256;
const BATCH_CHARS = 1024 * 1024;

/** The key the rowid travels under, after the planned columns: lets a suspicious text value be re-read as bytes. */
const ROWID = '__rowid';

/** Runs Drizzle-rendered statements on `db` for its typed client (store-client.ts). */
function databaseRunner(db: Database.Database): RawRunner {
  return {
    async all(query, params) {
      try {
        return db
          .prepare(query)
          .raw(true)
          .all(...params) as unknown[][];
      } catch (error) {
        throw wrapDriverError(error, 'A read query');
      }
    },
    async run(query, params) {
      try {
        db.prepare(query).run(...params);
      } catch (error) {
        throw wrapDriverError(error, 'A bookkeeping statement');
      }
    },
  };
}

export function createSqliteReader(db: Database.Database, endpoint: Endpoint, onClose: () => void): StoreReader {
  const client = sqliteClient(databaseRunner(db));
  return {
    dialect: 'sqlite',
    endpoint,
    client,
    async listTables() {
      // Catalog queries: sqlite_master and pragma_table_info are not tables of the schema package, so they stay SQL.
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .pluck()
        .all() as string[];
      const result = new Map<string, readonly string[]>();
      for (const table of tables) {
        const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[];
        result.set(table, columns);
      }
      return result;
    },
    readBatches: (query) => readBatches(db, client, query),
    async close() {
      onClose();
    },
  };
}

async function* readBatches(db: Database.Database, client: StoreClient, query: RowQuery): AsyncGenerator<unknown[][]> {
  const { from, fields } = query.select;
  const rendered = client.render({ ...query.select, fields: { ...fields, [ROWID]: sql`rowid` } });
  const expressions = Object.values(fields);
  let batch: unknown[][] = [];
  let chars = 0;
  try {
    for (const raw of db
      .prepare(rendered.sql)
      .raw(true)
      .iterate(...rendered.params) as IterableIterator<unknown[]>) {
      const rowid = raw.pop();
      for (const index of query.textColumns) {
        const value = raw[index];
        if (typeof value !== 'string') continue;
        chars += value.length;
        // better-sqlite3 decodes invalid UTF-8 to U+FFFD: only then is the stored byte string worth a second look.
        const expression = expressions[index];
        if (value.includes('\uFFFD') && expression !== undefined) {
          const bytes = { from, fields: { bytes: client.binary(expression) }, where: sql`rowid = ${rowid}` };
          raw[index] = storedBytesIfNotUtf8(db, client.render(bytes)) ?? value;
        }
      }
      batch.push(raw);
      if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
        streamed(chars);
        yield batch;
        batch = [];
        chars = 0;
      }
    }
  } catch (error) {
    throw wrapDriverError(error, `Reading ${from.name}`);
  }
  if (batch.length > 0) yield batch;
}

/** The stored bytes when they are not valid UTF-8 (the value would not survive decoding), else undefined. */
function storedBytesIfNotUtf8(db: Database.Database, query: RenderedQuery): Buffer | undefined {
  const bytes = db
    .prepare(query.sql)
    .pluck()
    .get(...query.params);
  return Buffer.isBuffer(bytes) && !isUtf8(bytes) ? bytes : undefined;
}
