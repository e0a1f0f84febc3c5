/**
 * How the api_requests log writer turns rows into multi-row INSERTs: a fixed column list taken from the schema
 * (defaults applied here, because SQLite has no DEFAULT keyword inside VALUES), a byte estimate per row for the
 * memory bound and the packet budget, and batch sizes limited to powers of two so that only a handful of distinct
 * statements are ever prepared (each distinct SQL text is a server-side prepared statement on MySQL).
 */
import type { SqlValue } from '@gateway-db/core/dialect/sql-executor.js';
import type { NewApiRequest } from '@gateway-db/schema';
import { apiRequests } from '@gateway-db/schema/sqlite';
import { type Column, getTableColumns } from 'drizzle-orm';
import type { OrmContext } from './orm/orm-context.js';
import { renderedRows } from './orm/rendered-rows.js';
import type { RollupSource } from './rollups/rollup-delta.js';

export interface BufferedRow {
  readonly id: string;
  readonly values: readonly SqlValue[];
  /** Estimated size in the INSERT packet. */
  readonly bytes: number;
  /** What the row adds to the rollups (written in the same transaction). */
  readonly rollup: RollupSource;
  /**
   * Set when a write of this row ended without a known outcome (the connection failed around COMMIT): before it
   * is written again, the writer checks whether that earlier transaction did store it.
   */
  maybeStored?: boolean;
}

// Both dialects' tables are emitted from one spec, so their columns come in the same order; the statement
// renderer below checks that Drizzle binds them in exactly this order.
const COLUMNS = Object.entries(getTableColumns(apiRequests) as Record<string, Column>);
const KEYS = COLUMNS.map(([key]) => key as keyof NewApiRequest);
const DEFAULTS: readonly SqlValue[] = COLUMNS.map(([, column]) => (column.default as SqlValue | undefined) ?? null);
const ROLLED_UP = KEYS.indexOf('rolled_up');

/** Per value: type byte, length prefix, separators. */
const VALUE_OVERHEAD_BYTES = 8;

function valueBytes(value: SqlValue): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Buffer.isBuffer(value)) return value.length;
  return 8;
}

/** Copies the row into a value list (later changes by the caller do not leak in) and measures it. */
export function encodeRow(row: NewApiRequest): BufferedRow {
  const values: SqlValue[] = new Array(KEYS.length);
  let bytes = 0;
  for (let i = 0; i < KEYS.length; i++) {
    const given = row[KEYS[i] as keyof NewApiRequest];
    // Booleans go to the driver as 1/0, as Drizzle's flag columns would send them.
    const value: SqlValue =
      given === undefined ? (DEFAULTS[i] ?? null) : typeof given === 'boolean' ? Number(given) : given;
    values[i] = value;
    bytes += VALUE_OVERHEAD_BYTES + valueBytes(value);
  }
  // The writer counts every row it stores in the rollups, in the same transaction.
  values[ROLLED_UP] = 1;
  return { id: String(row.id), values, bytes, rollup: rollupSource(values) };
}

const at = (key: keyof NewApiRequest) => KEYS.indexOf(key);
const CREATED_AT = at('created_at');
const VIRTUAL_KEY_ID = at('virtual_key_id');
const PROVIDER_ID = at('provider_id');
const MODEL = at('model');
const STATUS = at('status');
const PROMPT_TOKENS = at('prompt_tokens');
const COMPLETION_TOKENS = at('completion_tokens');
const TOTAL_TOKENS = at('total_tokens');
const CACHE_HIT = at('cache_hit');
const RESPONSE_TIME = at('response_time');

/**
 * The stored values the rollups read (normalised by log-row-repair.ts: numbers are numbers, text is text). Runs
 * in `enqueue`, on the request path: plain indexing, no per-row maps.
 */
function rollupSource(values: readonly SqlValue[]): RollupSource {
  const value = (index: number) => values[index] ?? null;
  return {
    created_at: value(CREATED_AT) as number,
    virtual_key_id: value(VIRTUAL_KEY_ID) as string | null,
    provider_id: value(PROVIDER_ID) as string | null,
    model: value(MODEL) as string | null,
    status: value(STATUS) as string | null,
    prompt_tokens: value(PROMPT_TOKENS) as number | null,
    completion_tokens: value(COMPLETION_TOKENS) as number | null,
    total_tokens: value(TOTAL_TOKENS) as number | null,
    cache_hit: value(CACHE_HIT) as number | null,
    response_time: value(RESPONSE_TIME) as number | null,
  };
}

/**
 * `INSERT INTO api_requests (...) VALUES (...), (...)` for `count` rows, rendered by Drizzle once per count (with
 * placeholders) and then reused as text (orm/rendered-rows.ts): the writer binds the buffered values positionally,
 * in KEYS order, without building a query object per flush.
 */
export function insertStatements({ client, tables, executor }: OrmContext): (count: number) => string {
  const rows = renderedRows<NewApiRequest>(`${executor.dialect}: api_requests insert`, KEYS, (placeholders) =>
    client.insert(tables.apiRequests).values(placeholders).toSQL(),
  );
  return (count) => rows.text(count);
}

export function insertParams(rows: readonly BufferedRow[]): SqlValue[] {
  const params: SqlValue[] = [];
  for (const row of rows) for (const value of row.values) params.push(value);
  return params;
}
