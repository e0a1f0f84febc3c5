import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { StoreExecutor } from '@gateway-db/core/dialect/store-executor.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { CREATE_MIGRATIONS_TABLE } from '@gateway-db/core/migrations/migrations-table.js';
import { readMigrations } from '@gateway-db/core/migrations/read-migrations.js';
import { openStore } from '@gateway-db/core/open-store.js';
import { inPlaceMigrationsFolder, migrationsFolder, tableSpecs } from '@gateway-db/schema';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore, type TestStore, testStoreConfig } from './helpers/test-store.js';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./fixtures/start-gateway-db.ts', import.meta.url));

async function tableNames(executor: StoreExecutor): Promise<string[]> {
  const sql =
    executor.dialect === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()';
  return (await executor.all(sql)).map((row) => String(row.name)).sort();
}

describe.each(testDialects())('migrations on %s', (dialect) => {
  let store: TestStore;
  const migrations = readMigrations(migrationsFolder(dialect), inPlaceMigrationsFolder(dialect));
  const lastTag = migrations.at(-1)?.tag;

  beforeAll(async () => {
    store = await createTestStore(dialect, 'migrations');
  });
  afterAll(() => store?.drop());

  it('creates every table of the schema and records every migration on a fresh database', async () => {
    const result = await applyMigrations(store.executor);
    expect(result.applied).toEqual(migrations.map((m) => m.tag));
    const tables = await tableNames(store.executor);
    expect(tables).toHaveLength(tableSpecs.length + 1);
    expect(tables).toContain('gateway_db_migrations');
    expect(tables).toContain('api_requests');
    const recorded = await store.executor.all(
      'SELECT `tag`, `statements_done`, `applied_at` FROM `gateway_db_migrations`',
    );
    expect(recorded.map((row) => Number(row.statements_done))).toEqual(migrations.map((m) => m.statements.length));
    expect(recorded.every((row) => Number(row.applied_at) > 0)).toBe(true);
  });

  it('applies nothing when run again', async () => {
    expect((await applyMigrations(store.executor)).applied).toEqual([]);
  });

  it.each(['CREATE TABLE', 'CREATE INDEX', 'FOREIGN KEY'])(
    'finishes a migration whose %s statement ran but was not recorded when the process died',
    async (kind) => {
      const migration = migrations[0];
      const crashed = migration?.statements.findIndex((statement) => statement.includes(kind)) ?? -1;
      if (!migration || crashed < 0) return; // this dialect's DDL has no such statement (SQLite declares FKs inline)
      const fresh = await createTestStore(dialect, 'crashed');
      try {
        // The state a crash leaves on MySQL: statements 0..crashed ran, only `crashed` of them were recorded.
        await fresh.executor.run(CREATE_MIGRATIONS_TABLE[dialect]);
        await fresh.executor.run(
          'INSERT INTO `gateway_db_migrations` (`tag`, `hash`, `statements_done`, `applied_at`) VALUES (?, ?, ?, NULL)',
          [migration.tag, migration.hash, crashed],
        );
        for (const statement of migration.statements.slice(0, crashed + 1)) await fresh.executor.run(statement);
        expect((await applyMigrations(fresh.executor)).applied).toEqual(migrations.map((m) => m.tag));
        expect(await tableNames(fresh.executor)).toHaveLength(tableSpecs.length + 1);
      } finally {
        await fresh.drop();
      }
    },
  );

  it('stops with MIGRATION when a statement fails that is not the resumed one', async () => {
    const fresh = await createTestStore(dialect, 'clash');
    try {
      // A table the migration wants to create already exists, but nothing was recorded: a real conflict.
      await fresh.executor.run('CREATE TABLE `users` (`id` INT)');
      await expect(applyMigrations(fresh.executor)).rejects.toMatchObject({ code: 'MIGRATION' });
    } finally {
      await fresh.drop();
    }
  });

  it('refuses to resume a partly applied migration whose file changed', async () => {
    await store.executor.run('UPDATE `gateway_db_migrations` SET `statements_done` = 1, `hash` = ? WHERE `tag` = ?', [
      '0'.repeat(64),
      lastTag ?? '',
    ]);
    await expect(applyMigrations(store.executor)).rejects.toMatchObject({ code: 'MIGRATION' });
  });

  it('applies the migrations exactly once when 4 processes start together (MySQL: on a missing database)', async () => {
    const { config, drop } = await testStoreConfig(dialect, 'concurrent');
    try {
      // MySQL: start from no database at all, so the processes also race to create it.
      if (dialect === 'mysql') await drop();
      const overrides =
        config.dialect === 'sqlite' ? { dialect, sqlite: config.sqlite } : { dialect, mysql: { ...config.mysql } };
      const children = Array.from({ length: 4 }, () =>
        run('npx', ['tsx', '--conditions=source', childScript, JSON.stringify(overrides)], { cwd: repoRoot }),
      );
      const outputs = await Promise.all(children);
      const applied = outputs.flatMap((output) => (JSON.parse(output.stdout) as { applied: string[] }).applied);
      expect(applied).toEqual(migrations.map((m) => m.tag));
      const executor = await openStore(config);
      try {
        expect(await tableNames(executor)).toHaveLength(tableSpecs.length + 1);
      } finally {
        await executor.close();
      }
    } finally {
      await drop();
    }
  });
});
