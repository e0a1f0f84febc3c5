/**
 * How the api_requests log writer turns rows into multi-row INSERTs: a fixed column list taken from the schema
 * (defaults applied here, because SQLite has no DEFAULT keyword inside VALUES), a byte estimate per row for the
 * memory bound and the packet budget, and batch sizes limited to powers of two so that only a handful of distinct
 * statements are ever prepared (each distinct SQL text is a server-side prepared statement on MySQL).
 */
import { type ColumnSpec, type NewApiRequest, apiRequestsSpec } from '@gateway-db/schema';
import type { SqlValue } from './dialect/sql-executor.js';

export interface BufferedRow {
  readonly id: string;
  readonly values: readonly SqlValue[];
  /** Estimated size in the INSERT packet. */
  readonly bytes: number;
}

const COLUMNS = Object.keys(apiRequestsSpec.columns) as (keyof NewApiRequest & string)[];
const DEFAULTS: readonly SqlValue[] = COLUMNS.map((name) => {
  const spec: ColumnSpec = apiRequestsSpec.columns[name];
  return spec.default ?? null;
});

/** Per value: type byte, length prefix, separators. */
const VALUE_OVERHEAD_BYTES = 8;

function valueBytes(value: SqlValue): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Buffer.isBuffer(value)) return value.length;
  return 8;
}

/** Copies the row into a value list (later changes by the caller do not leak in) and measures it. */
export function encodeRow(row: NewApiRequest): BufferedRow {
  const values: SqlValue[] = new Array(COLUMNS.length);
  let bytes = 0;
  for (let i = 0; i < COLUMNS.length; i++) {
    const name = COLUMNS[i] as keyof NewApiRequest;
    const given = row[name];
    const value: SqlValue = given === undefined ? (DEFAULTS[i] ?? null) : given;
    values[i] = value;
    bytes += VALUE_OVERHEAD_BYTES + valueBytes(value);
  }
  return { id: String(row.id), values, bytes };
}

const insertSqlByCount = new Map<number, string>();
const ROW_PLACEHOLDERS = `(${COLUMNS.map(() => '?').join(', ')})`;
const INSERT_HEAD = `INSERT INTO \`${apiRequestsSpec.name}\` (${COLUMNS.map((c) => `\`${c}\``).join(', ')}) VALUES `;

/** `INSERT INTO api_requests (...) VALUES (?...), (?...)` for `count` rows. */
export function insertSql(count: number): string {
  let sql = insertSqlByCount.get(count);
  if (!sql) {
    sql = INSERT_HEAD + new Array<string>(count).fill(ROW_PLACEHOLDERS).join(', ');
    insertSqlByCount.set(count, sql);
  }
  return sql;
}

export function insertParams(rows: readonly BufferedRow[]): SqlValue[] {
  const params: SqlValue[] = [];
  for (const row of rows) for (const value of row.values) params.push(value);
  return params;
}

/** Splits rows into chunks whose sizes are powers of two, largest first (37 -> 32, 4, 1). */
export function powerOfTwoChunks<T>(rows: readonly T[]): T[][] {
  const chunks: T[][] = [];
  let start = 0;
  while (start < rows.length) {
    let size = 1;
    while (size * 2 <= rows.length - start) size *= 2;
    chunks.push(rows.slice(start, start + size));
    start += size;
  }
  return chunks;
}
