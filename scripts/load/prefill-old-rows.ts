/**
 * Fills api_requests with `count` rows 40 to 41 days old, for the retention cleanup under load. One
 * INSERT ... SELECT per 100,000 rows over a cross join of digit tables: the same SQL on both dialects, no
 * recursion limits, and no row travels through the client.
 */
import type { StoreExecutor } from 'gateway-db';

const DAY_MS = 86_400_000;
const CHUNK_DIGITS = 5;
const CHUNK = 10 ** CHUNK_DIGITS;
const DIGITS =
  '(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 ' +
  'UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';

function numbersBelow(limitSql: string): string {
  const names = Array.from({ length: CHUNK_DIGITS }, (_, i) => `d${i}`);
  const value = names.map((name, i) => `${name}.d * ${10 ** i}`).join(' + ');
  return `SELECT ${value} AS n FROM ${names.map((name) => `${DIGITS} ${name}`).join(', ')} WHERE ${value} < ${limitSql}`;
}

export async function prefillOldRows(
  executor: StoreExecutor,
  count: number,
  onProgress?: (done: number) => void,
): Promise<void> {
  const oldest = Date.now() - 41 * DAY_MS;
  const sql =
    'INSERT INTO `api_requests` (`id`, `model`, `prompt_tokens`, `completion_tokens`, `total_tokens`, `status`, ' +
    '`response_time`, `created_at`, `request_body`) ' +
    "SELECT concat('old-', ?, '-', `s`.`n`), 'old-model', 12, 20, 32, 'success', 150, ? + `s`.`n`, " +
    '\'{"model":"old-model","messages":[{"role":"user","content":"an old request"}]}\' ' +
    `FROM (${numbersBelow('?')}) \`s\``;
  for (let done = 0, chunk = 0; done < count; chunk++) {
    const size = Math.min(CHUNK, count - done);
    // One millisecond apart, all older than 40 days: every row is due for a 30-day retention.
    await executor.run(sql, [String(chunk), oldest + chunk * CHUNK, size]);
    done += size;
    onProgress?.(done);
  }
}
