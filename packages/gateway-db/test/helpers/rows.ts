/** Minimal valid rows for tests that need data in the real tables. */

import type { SqlExecutor } from '@gateway-db/core/dialect/sql-executor.js';
import type { NewApiRequest } from '@gateway-db/schema';

let sequence = 0;

export function apiRequestRow(overrides: Partial<NewApiRequest> = {}): NewApiRequest {
  sequence++;
  return {
    id: `req_${process.pid}_${sequence}`,
    model: 'gpt-4o',
    status: 'success',
    prompt_tokens: 10,
    completion_tokens: 5,
    total_tokens: 15,
    response_time: 120,
    created_at: 1_760_000_000_000 + sequence,
    request_body: '{"messages":[]}',
    response_body: '{"choices":[]}',
    ...overrides,
  };
}

export async function insertVirtualKey(executor: SqlExecutor, id: string, keyValue: string): Promise<void> {
  await executor.run(
    'INSERT INTO `virtual_keys` (`id`, `key_value`, `key_hash`, `name`, `created_at`, `updated_at`) VALUES (?, ?, ?, ?, ?, ?)',
    [id, keyValue, `hash-of-${id}`, `key ${id}`, 1, 1],
  );
}

export async function countRows(executor: SqlExecutor, table: string): Promise<number> {
  const row = await executor.get(`SELECT COUNT(*) AS n FROM \`${table}\``);
  return Number(row?.n ?? 0);
}
