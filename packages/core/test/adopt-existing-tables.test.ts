/**
 * applyMigrations on a database whose tables were made outside gateway-db (drizzle-kit push / migrate run the
 * same DDL): it takes them over only when they match a migration exactly. The real drizzle-kit runs are in
 * packages/schema/test/drizzle-kit-round-trip.test.ts; here the committed SQL stands in for them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dialect, inPlaceMigrationsFolder, migrationsFolder } from '@gateway-db/schema';
import { createTestDatabase, testDialects } from '@gateway-db/test-support';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import type { StoreExecutor } from '../src/dialect/store-executor.js';
import { applyMigrations } from '../src/migrations/apply-migrations.js';
import { MIGRATIONS_TABLE } from '../src/migrations/migrations-table.js';
import { readMigrations } from '../src/migrations/read-migrations.js';
import { openStore } from '../src/open-store.js';

const TABLE_OPTIONS = / ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci/g;
const scratch = mkdtempSync(join(tmpdir(), 'adopt-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The tag of the migration after the committed ones (e.g. `0002_newer`). */
function newerTag(dialect: Dialect): string {
  return `${String(readMigrations(migrationsFolder(dialect)).length).padStart(4, '0')}_newer`;
}

/** The committed migrations plus one more, which adds an index: a database made from them is one behind. */
function folderWithNewerMigration(dialect: Dialect): string {
  const folder = join(scratch, `newer-${dialect}`);
  cpSync(migrationsFolder(dialect), folder, { recursive: true });
  const tag = newerTag(dialect);
  const last = readMigrations(migrationsFolder(dialect)).at(-1)?.tag.slice(0, 4) ?? '0000';
  writeFileSync(join(folder, `${tag}.sql`), 'CREATE INDEX `idx_users_created_at` ON `users` (`created_at`);');
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: object[] };
  journal.entries.push({ idx: journal.entries.length, version: '5', when: 2, tag, breakpoints: true });
  writeFileSync(journalPath, JSON.stringify(journal));
  const snapshot = JSON.parse(readFileSync(join(folder, 'meta', `${last}_snapshot.json`), 'utf8'));
  snapshot.tables.users.indexes.idx_users_created_at = {
    name: 'idx_users_created_at',
    columns: ['created_at'],
    isUnique: false,
  };
  writeFileSync(join(folder, 'meta', `${tag.slice(0, 4)}_snapshot.json`), JSON.stringify(snapshot));
  return folder;
}

async function withStore(
  dialect: Dialect,
  use: (executor: StoreExecutor, database: string | undefined) => Promise<void>,
) {
  const db = await createTestDatabase(dialect, 'adopt');
  const config =
    dialect === 'sqlite'
      ? loadConfig({ dialect, sqlite: { path: db.sqlitePath } }, {}, false)
      : loadConfig({ dialect, mysql: { url: db.mysql?.url } }, {}, false);
  const executor = await openStore(config);
  try {
    await use(executor, db.mysql?.database);
  } finally {
    await executor.close().catch(() => undefined);
    await db.drop();
  }
}

/**
 * What drizzle-kit migrate (or push) leaves: the tables of the committed migrations (of the first `upTo` of them:
 * a store pushed by an earlier version), no gateway_db_migrations rows.
 */
async function createTablesOutsideGatewayDb(
  executor: StoreExecutor,
  edit: (sql: string) => string = (sql) => sql,
  upTo = Number.POSITIVE_INFINITY,
) {
  for (const migration of readMigrations(migrationsFolder(executor.dialect)).slice(0, upTo))
    for (const statement of migration.statements) await executor.run(edit(statement));
}

const recorded = async (executor: StoreExecutor) =>
  (await executor.all(`SELECT \`tag\`, \`statements_done\` FROM \`${MIGRATIONS_TABLE}\` ORDER BY \`tag\``)).map(
    (row) => [row.tag, Number(row.statements_done)],
  );

/** The rows of gateway_db_migrations; none when the table is not there (SQLite rolls its creation back). */
async function recordedIfAny(executor: StoreExecutor) {
  const table =
    executor.dialect === 'sqlite'
      ? await executor.get('SELECT name FROM sqlite_master WHERE name = ?', [MIGRATIONS_TABLE])
      : await executor.get(
          'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
          [MIGRATIONS_TABLE],
        );
  return table ? recorded(executor) : [];
}

const dropStatusIndex: Record<Dialect, string> = {
  sqlite: 'DROP INDEX `idx_api_requests_status`',
  mysql: 'DROP INDEX `idx_api_requests_status` ON `api_requests`',
};

describe.each(testDialects())('taking over tables made outside gateway-db on %s', (dialect) => {
  // What gateway-db records: the statements it runs (in-place equivalents included).
  const migrations = readMigrations(migrationsFolder(dialect), inPlaceMigrationsFolder(dialect));

  it('records the migration as applied, without running it, when the tables match it exactly', async () => {
    await withStore(dialect, async (executor) => {
      await createTablesOutsideGatewayDb(executor);
      expect((await applyMigrations(executor)).applied).toEqual([]);
      expect(await recorded(executor)).toEqual(migrations.map((m) => [m.tag, m.statements.length]));
      expect((await applyMigrations(executor)).applied).toEqual([]);
    });
  });

  it('records the migrations the tables match and applies the newer ones', async () => {
    await withStore(dialect, async (executor) => {
      await createTablesOutsideGatewayDb(executor);
      expect((await applyMigrations(executor, { folder: folderWithNewerMigration(dialect) })).applied).toEqual([
        newerTag(dialect),
      ]);
      expect((await recorded(executor)).map(([tag]) => tag)).toEqual([
        ...migrations.map((m) => m.tag),
        newerTag(dialect),
      ]);
    });
  });

  it('takes over a store an earlier version pushed (0000 only) and adds what came since', async () => {
    await withStore(dialect, async (executor) => {
      await createTablesOutsideGatewayDb(executor, undefined, 1);
      expect((await applyMigrations(executor)).applied).toEqual(migrations.slice(1).map((m) => m.tag));
      expect(await recorded(executor)).toEqual(migrations.map((m) => [m.tag, m.statements.length]));
    });
  });

  it('refuses tables that differ, naming table and difference, and records nothing', async () => {
    await withStore(dialect, async (executor) => {
      await createTablesOutsideGatewayDb(executor);
      await executor.run(dropStatusIndex[dialect]);
      await executor.run('ALTER TABLE `users` ADD COLUMN `nickname` TEXT');
      const failure = applyMigrations(executor);
      await expect(failure).rejects.toMatchObject({ code: 'MIGRATION' });
      await expect(failure).rejects.toThrow(
        /api_requests: index idx_api_requests_status is missing; users: column nickname is not in the schema/,
      );
      await expect(failure).rejects.toThrow(/To fix: make the tables match this version's schema/);
      await expect(recordedIfAny(executor)).resolves.toEqual([]);
    });
  });

  it('refuses a store that has only some of the tables', async () => {
    await withStore(dialect, async (executor) => {
      const create = migrations[0]?.statements.find((statement) => statement.includes('CREATE TABLE `users`')) ?? '';
      await executor.run(create);
      await expect(applyMigrations(executor)).rejects.toThrow(
        /already has 1 of gateway-db's tables[\s\S]*api_requests: table is missing/,
      );
    });
  });
});

describe.each(testDialects().filter((dialect) => dialect === 'mysql'))(
  'taking over tables with another collation on %s',
  (dialect) => {
    const migrations = readMigrations(migrationsFolder(dialect));

    it('refuses them, says what to run, and takes them over once that ran', async () => {
      await withStore(dialect, async (executor, database) => {
        // What drizzle-kit push makes in a database that defaults to utf8mb4_general_ci.
        await executor.run(`ALTER DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
        await createTablesOutsideGatewayDb(executor, (sql) => sql.replace(TABLE_OPTIONS, ''));
        const failure = applyMigrations(executor);
        await expect(failure).rejects.toThrow(
          /api_requests: table collation is utf8mb4_general_ci, expected utf8mb4_unicode_ci/,
        );
        await expect(failure).rejects.toThrow(
          /ALTER TABLE `<table>` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;/,
        );
        for (const table of migrations
          .flatMap((m) => m.statements)
          .map((s) => /^CREATE TABLE `([^`]+)`/.exec(s)?.[1])
          .filter(Boolean)) {
          await executor.run(`ALTER TABLE \`${table}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
        }
        expect((await applyMigrations(executor)).applied).toEqual([]);
        expect(await recorded(executor)).toEqual(migrations.map((m) => [m.tag, m.statements.length]));
      });
    });
  },
);
