/** How each executor sets up its connection: the settings every other test and the repositories rely on. */

import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore } from './helpers/test-store.js';

describe.each(testDialects())('the %s executor', (dialect) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await createTestStore(dialect, 'executor');
    await applyMigrations(store.executor);
  });
  afterAll(() => store?.drop());

  it('returns aggregates and 64-bit integers as numbers, never strings', async () => {
    await store.executor.run(
      'INSERT INTO `api_requests` (`id`, `created_at`, `total_tokens`) VALUES (?, ?, ?), (?, ?, ?)',
      ['a', 1_760_000_000_123, 7, 'b', 1, 8],
    );
    const row = await store.executor.get(
      'SELECT SUM(`total_tokens`) AS total, AVG(`total_tokens`) AS average, MAX(`created_at`) AS newest FROM `api_requests`',
    );
    expect(row).toEqual({ total: 15, average: 7.5, newest: 1_760_000_000_123 });
  });

  it('reports how many rows a write changed', async () => {
    expect(
      await store.executor.run('UPDATE `api_requests` SET `status` = ? WHERE `created_at` > ?', ['success', 0]),
    ).toEqual({ changes: 2 });
    expect(await store.executor.run('DELETE FROM `api_requests` WHERE `id` = ?', ['none'])).toEqual({ changes: 0 });
  });

  if (dialect === 'sqlite')
    it('runs SQLite in WAL mode with foreign keys on, synchronous NORMAL and a busy timeout', async () => {
      const pragma = async (name: string) => Object.values((await store.executor.get(`PRAGMA ${name}`)) ?? {})[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('synchronous')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
    });

  if (dialect === 'mysql')
    it('sets strict mode, UTC and utf8mb4_unicode_ci on every pooled connection', async () => {
      const rows = await Promise.all(
        Array.from({ length: 4 }, () =>
          store.executor.get(
            'SELECT @@SESSION.sql_mode AS mode, @@SESSION.time_zone AS tz, @@collation_connection AS collation',
          ),
        ),
      );
      for (const row of rows) {
        expect(String(row?.mode)).toContain('STRICT_ALL_TABLES');
        expect(row).toMatchObject({ tz: '+00:00', collation: 'utf8mb4_unicode_ci' });
      }
    });

  if (dialect === 'mysql')
    it('knows the largest statement the server accepts (max_allowed_packet)', () => {
      expect(store.executor.maxStatementBytes).toBeGreaterThanOrEqual(1024 * 1024);
    });

  it('refuses statements once closed, with CLOSED', async () => {
    const other = await createTestStore(dialect, 'closed');
    await other.executor.close();
    await expect(other.executor.get('SELECT 1 AS one')).rejects.toMatchObject({ code: 'CLOSED' });
    await other.drop();
  });
});
