/**
 * Migration 0002 on a store that already holds rows: the log tables' foreign keys become plain columns (issue 11.6)
 * without rebuilding the tables (SQLite: the in-place equivalent of drizzle-kit's rebuild), every row kept, the
 * config tables' own foreign keys untouched.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreExecutor } from '@gateway-db/core/dialect/store-executor.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { type Dialect, migrationsFolder } from '@gateway-db/schema';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestStore } from './helpers/test-store.js';

const LOG_TABLES = ['api_requests', 'expert_routing_logs'];
const scratch = mkdtempSync(join(tmpdir(), 'gwtest_logrefs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the dialect's migrations folder whose journal stops after `lastTag`. */
function migrationsUpTo(dialect: Dialect, lastTag: string): string {
  const folder = join(scratch, `${dialect}-${lastTag}`);
  cpSync(migrationsFolder(dialect), folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

async function foreignKeyCount(executor: StoreExecutor, table: string): Promise<number> {
  const [row] =
    executor.dialect === 'sqlite'
      ? await executor.all('SELECT count(*) AS n FROM pragma_foreign_key_list(?)', [table])
      : await executor.all(
          'SELECT count(*) AS n FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?',
          [table],
        );
  return Number(row?.n);
}

async function indexNames(executor: StoreExecutor, table: string): Promise<string[]> {
  const rows =
    executor.dialect === 'sqlite'
      ? await executor.all('SELECT name FROM pragma_index_list(?)', [table])
      : await executor.all(
          'SELECT DISTINCT INDEX_NAME AS name FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
          [table],
        );
  return rows.map((row) => String(row.name));
}

/** SQLite: the page a table's rows start at; a rebuilt table gets a new one. */
async function rootPage(executor: StoreExecutor, table: string): Promise<number> {
  const [row] = await executor.all("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = ?", [table]);
  return Number(row?.rootpage);
}

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));

async function seed(executor: StoreExecutor): Promise<void> {
  const now = Date.now();
  await executor.run(
    'INSERT INTO providers (id, name, base_url, api_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    ['p1', 'P', 'https://p.example', 'sk-provider-secret-logrefs', now, now],
  );
  await executor.run(
    'INSERT INTO virtual_keys (id, key_value, key_hash, name, provider_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ['k1', 'sk-virtual-logrefs', 'hash-logrefs', 'K', 'p1', now, now],
  );
  await executor.run(
    'INSERT INTO expert_routing_configs (id, name, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
    ['c1', 'C', '{}', now, now],
  );
  for (let i = 0; i < 50; i++) {
    await executor.run(
      'INSERT INTO api_requests (id, virtual_key_id, provider_id, model, total_tokens, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [`r${i}`, 'k1', 'p1', 'gpt-4o', i, 'success', now - i],
    );
  }
  await executor.run(
    "INSERT INTO expert_routing_logs (id, virtual_key_id, expert_routing_id, request_hash, classifier_model, classification_result, selected_expert_id, selected_expert_type, selected_expert_name, created_at) VALUES ('e1', 'k1', 'c1', 'h', 'm', 'code', 'x', 'model', 'X', ?)",
    [now],
  );
}

describe.each(testDialects())('migration 0002 (log references as plain columns) on %s', (dialect) => {
  it('drops the log tables’ foreign keys of a store with rows, in place, and keeps every row attributed', async () => {
    const store = await createTestStore(dialect, 'logrefs');
    const { executor } = store;
    try {
      await applyMigrations(executor, { folder: migrationsUpTo(dialect, '0001_schema') });
      await seed(executor);
      for (const table of LOG_TABLES) expect(await foreignKeyCount(executor, table)).toBeGreaterThan(0);
      const pagesBefore = dialect === 'sqlite' ? await rootPage(executor, 'api_requests') : 0;

      expect((await applyMigrations(executor)).applied).toEqual(['0002_schema']);

      for (const table of LOG_TABLES) expect(await foreignKeyCount(executor, table)).toBe(0);
      // The config tables keep theirs (models -> providers cascades, virtual_keys -> providers sets NULL).
      expect(await foreignKeyCount(executor, 'virtual_keys')).toBe(2);
      const indexes = await indexNames(executor, 'expert_routing_logs');
      expect(indexes).toContain('idx_expert_routing_logs_virtual_key_id');
      expect(indexes).not.toContain('fk_expert_routing_logs_virtual_key_id');
      if (dialect === 'sqlite') {
        expect(await rootPage(executor, 'api_requests')).toBe(pagesBefore);
        expect(await executor.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
      }
      const [counted] = await executor.all('SELECT count(*) AS n, sum(total_tokens) AS t FROM api_requests');
      expect([Number(counted?.n), Number(counted?.t)]).toEqual([50, 1225]);

      // Deleting the key, the provider and the config rewrites no log row.
      await executor.run("DELETE FROM virtual_keys WHERE id = 'k1'");
      await executor.run("DELETE FROM providers WHERE id = 'p1'");
      await executor.run("DELETE FROM expert_routing_configs WHERE id = 'c1'");
      const [attributed] = await executor.all(
        "SELECT count(*) AS n FROM api_requests WHERE virtual_key_id = 'k1' AND provider_id = 'p1'",
      );
      expect(Number(attributed?.n)).toBe(50);
      const [log] = await executor.all('SELECT virtual_key_id, expert_routing_id FROM expert_routing_logs');
      expect([text(log?.virtual_key_id), text(log?.expert_routing_id)]).toEqual(['k1', 'c1']);
      // A row naming what no longer exists is stored as it is.
      await executor.run(
        "INSERT INTO api_requests (id, virtual_key_id, provider_id, created_at) VALUES ('late', 'k1', 'p1', 1)",
      );
    } finally {
      await store.drop();
    }
  });

  if (dialect === 'sqlite')
    it('stops, changing nothing, when a foreign key clause is written differently from the expected text', async () => {
      const store = await createTestStore(dialect, 'logrefs_odd');
      const { executor } = store;
      try {
        await applyMigrations(executor, { folder: migrationsUpTo(dialect, '0001_schema') });
        // The same table, declared by hand with other spelling (as a tool other than drizzle-kit could have).
        const [table] = await executor.all("SELECT sql FROM sqlite_schema WHERE name = 'api_requests'");
        const odd = String(table?.sql).replaceAll('ON UPDATE no action ON DELETE set null', 'ON DELETE SET NULL');
        await executor.run('DROP TABLE api_requests');
        await executor.run(odd);
        await expect(applyMigrations(executor)).rejects.toMatchObject({ code: 'MIGRATION' });
        expect(await foreignKeyCount(executor, 'api_requests')).toBe(2);
        const [recorded] = await executor.all(
          "SELECT count(*) AS n FROM gateway_db_migrations WHERE tag = '0002_schema'",
        );
        expect(Number(recorded?.n)).toBe(0);
      } finally {
        await store.drop();
      }
    });
});
