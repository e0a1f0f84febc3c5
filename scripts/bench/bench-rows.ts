/** api_requests rows as a busy gateway logs them: ~4 KB of request + response body, tokens, statuses. */
import type { NewApiRequest } from '@gateway-db/schema';
import type { NewApiRequestInput } from 'gateway-db';
import type { BenchStore } from './bench-stores.js';

const filler = 'The quick brown fox 敏捷的棕色狐狸 jumps over the lazy dog 🚀. ';

function body(kind: string, i: number, bytes: number): string {
  const head = `{"${kind}":${i},"model":"gpt-4o-mini","messages":[{"role":"user","content":"`;
  const tail = '"}]}';
  let content = '';
  while (Buffer.byteLength(head + content + tail) < bytes) content += filler;
  return head + content + tail;
}

/**
 * A row with ~`bodyBytes` of bodies (split between request and response), without an id: gateway-db gives log
 * rows time-ordered ids, as the gateway would get them. `withId` adds a sequential one for the bare drivers.
 */
export function benchRequestRow(
  i: number,
  bodyBytes = 4096,
  createdAt = Date.now(),
): NewApiRequestInput & { created_at: number } {
  const isError = i % 20 === 0;
  return {
    virtual_key_id: null,
    provider_id: null,
    model: i % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini',
    prompt_tokens: 100 + (i % 50),
    completion_tokens: 200 + (i % 70),
    total_tokens: 300 + (i % 50) + (i % 70),
    status: isError ? 'error' : 'success',
    response_time: 150 + (i % 400),
    error_message: isError ? 'upstream returned 429: rate limited' : null,
    created_at: createdAt,
    request_body: body('request', i, bodyBytes / 2),
    response_body: body('response', i, bodyBytes / 2),
    cache_hit: i % 10 === 0,
    prompt_cache_hit_tokens: 0,
    prompt_cache_write_tokens: 0,
  };
}

export const API_REQUEST_COLUMNS = [
  'id',
  'virtual_key_id',
  'provider_id',
  'model',
  'prompt_tokens',
  'completion_tokens',
  'total_tokens',
  'status',
  'response_time',
  'error_message',
  'created_at',
  'request_body',
  'response_body',
  'cache_hit',
  'prompt_cache_hit_tokens',
  'prompt_cache_write_tokens',
] as const;

export function withId(row: NewApiRequestInput & { created_at: number }, i: number, runTag: string): NewApiRequest {
  return { ...row, id: `${runTag}-${i.toString(36).padStart(8, '0')}` };
}

/** The row's values in `API_REQUEST_COLUMNS` order, booleans as 0/1 (what the bare drivers bind). */
export function rowValues(row: NewApiRequest): (string | number | null)[] {
  return API_REQUEST_COLUMNS.map((column) => {
    const value = row[column];
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value ?? null;
  });
}

/**
 * Inserts rows with the bare driver in one multi-row INSERT (the columns of API_REQUEST_COLUMNS; `rolled_up` left
 * at its default, false: as an older store or a legacy import holds them, for the rollup backfill to count).
 */
export async function insertWithDriver(
  raw: BenchStore['raw'],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const values: unknown[] = [];
  for (const row of rows) {
    for (const column of API_REQUEST_COLUMNS) {
      const value = row[column];
      values.push(typeof value === 'boolean' ? Number(value) : (value ?? null));
    }
  }
  const placeholders = `(${API_REQUEST_COLUMNS.map(() => '?').join(', ')})`;
  const sql = `INSERT INTO api_requests (${API_REQUEST_COLUMNS.join(', ')}) VALUES ${Array(rows.length).fill(placeholders).join(', ')}`;
  if (raw.kind === 'sqlite') raw.db.prepare(sql).run(...values);
  else await raw.pool.query(sql, values);
}
