/**
 * Reads a SQLite file (a legacy sql.js gateway.db or a gateway-db store) through better-sqlite3: 64-bit integers
 * exact (`safeIntegers`), rows streamed with `iterate()`, raw arrays instead of objects.
 */
import { isUtf8 } from 'node:buffer';
import type Database from 'better-sqlite3';
import type { Endpoint } from '../endpoint.js';
import { streamed } from '../memory-guard.js';
import { quoteIdentifier } from '../plan.js';
import type { RowQuery, StoreReader } from '../store.js';

/** Rows per yielded batch; a batch also closes early past BATCH_CHARS of text so MB-sized rows stay bounded. */
const BATCH_ROWS = 256;
const BATCH_CHARS = 1024 * 1024;

export function createSqliteReader(db: Database.Database, endpoint: Endpoint, onClose: () => void): StoreReader {
  return {
    dialect: 'sqlite',
    endpoint,
    async listTables() {
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
    async countRows(table) {
      return Number(db.prepare(`SELECT COUNT(*) FROM ${quoteIdentifier(table)}`).pluck().safeIntegers(false).get());
    },
    readBatches: (query) => readBatches(db, query),
    async queryRows(sql, params = []) {
      return db.prepare(sql).raw(true).all(...(params as unknown[])) as unknown[][];
    },
    binary: (expr) => `CAST(${expr} AS BLOB)`,
    async close() {
      onClose();
    },
  };
}

async function* readBatches(db: Database.Database, query: RowQuery): AsyncGenerator<unknown[][]> {
  const table = quoteIdentifier(query.table);
  // rowid last: lets a suspicious text value be re-read as bytes (below).
  const sql = `SELECT ${[...query.selects, 'rowid'].join(', ')} FROM ${table} ORDER BY ${query.orderBy}`;
  const statement = db.prepare(sql).raw(true);
  let batch: unknown[][] = [];
  let chars = 0;
  for (const raw of statement.iterate() as IterableIterator<unknown[]>) {
    const rowid = raw.pop();
    for (const index of query.textColumns) {
      const value = raw[index];
      if (typeof value !== 'string') continue;
      chars += value.length;
      // better-sqlite3 decodes invalid UTF-8 to U+FFFD: only then is the stored byte string worth a second look.
      if (value.includes('\uFFFD')) raw[index] = recheckText(db, query, index, rowid) ?? value;
    }
    batch.push(raw);
    if (batch.length >= BATCH_ROWS || chars >= BATCH_CHARS) {
      streamed(chars);
      yield batch;
      batch = [];
      chars = 0;
    }
  }
  if (batch.length > 0) yield batch;
}

/** The stored bytes when they are not valid UTF-8 (the value would not survive decoding), else undefined. */
function recheckText(db: Database.Database, query: RowQuery, index: number, rowid: unknown): Buffer | undefined {
  const expr = query.selects[index];
  const bytes = db
    .prepare(`SELECT CAST(${expr} AS BLOB) FROM ${quoteIdentifier(query.table)} WHERE rowid = ?`)
    .pluck()
    .get(rowid);
  return Buffer.isBuffer(bytes) && !isUtf8(bytes) ? bytes : undefined;
}
