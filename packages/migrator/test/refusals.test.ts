import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildLegacyFile, writeNotSqliteFile, writeTruncatedCopy } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MigrateOptions, MigrationError, migrate, silentLogger } from '../src/index.js';
import { editLegacyFile } from './support/edit-legacy.js';
import { createTarget, readPlainRows, type TestTarget, tempDir } from './support/stores.js';

const ROWS = { api_requests: 12, expert_routing_logs: 3 };

async function failure(options: MigrateOptions): Promise<MigrationError> {
  const error = await migrate({ logger: silentLogger, backupDir: false, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

describe.each(testDialects())('what the migrator refuses, before writing anything, into %s', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let good: string;
  let target: TestTarget;
  let n = 0;
  const fresh = async (edit?: string, params?: unknown[]) => {
    const path = join(dir.path, `edited-${n++}.db`);
    await buildLegacyFile(path, { version: 'S6', seed: 2, rows: ROWS, bodyBytes: 300 });
    if (edit) editLegacyFile(path, edit, params);
    return path;
  };
  const targetIsUntouched = async () => {
    if (dialect === 'sqlite') {
      const path = target.url.slice('sqlite:'.length);
      if (!existsSync(path)) return;
    }
    for (const table of ['users', 'api_requests', 'gateway_db_import_state']) {
      expect((await readPlainRows(target.url, table).catch(() => new Map())).size, table).toBe(0);
    }
  };

  beforeAll(async () => {
    dir = tempDir('refusals');
    good = join(dir.path, 'good.db');
    await buildLegacyFile(good, { version: 'S6', seed: 2, rows: ROWS, bodyBytes: 300 });
  });
  afterAll(() => dir.remove());
  beforeEach(async () => {
    target = await createTarget(dialect, 'refuse');
  });
  afterEach(async () => {
    await target.drop();
  });

  it('refuses a truncated file with LEGACY_FILE and says what to do', async () => {
    const truncated = join(dir.path, 'truncated.db');
    await writeTruncatedCopy(good, truncated);
    const error = await failure({ from: `sqlite:${truncated}`, to: target.url });
    expect(error.code).toBe('LEGACY_FILE');
    expect(error.message).toMatch(/truncated|damaged/);
    expect(error.message).toMatch(/backup/);
    await targetIsUntouched();
  });

  it('refuses a file that is not SQLite with LEGACY_FILE', async () => {
    const notSqlite = join(dir.path, 'not-sqlite.db');
    await writeNotSqliteFile(notSqlite);
    const error = await failure({ from: `sqlite:${notSqlite}`, to: target.url });
    expect(error.code).toBe('LEGACY_FILE');
    expect(error.message).toMatch(/not a SQLite database/);
    await targetIsUntouched();
  });

  it('reports a file locked by another process as locked (BUSY), not damaged, and migrates it once released', async () => {
    const path = await fresh();
    // Another process mid-write: an exclusive lock (rollback journal) keeps every reader out.
    const writer = new Database(path);
    writer.exec('BEGIN EXCLUSIVE');
    try {
      const error = await failure({ from: `sqlite:${path}`, to: target.url });
      expect(error.code).toBe('BUSY');
      expect(error.message).toMatch(/is locked by another process/);
      expect(error.message).not.toMatch(/Restore the file|is damaged/);
      await targetIsUntouched();
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    const report = await migrate({ from: `sqlite:${path}`, to: target.url, logger: silentLogger, backupDir: false });
    expect(report.ok).toBe(true);
  });

  it('refuses a missing file with LEGACY_FILE', async () => {
    const error = await failure({ from: `sqlite:${join(dir.path, 'nope.db')}`, to: target.url });
    expect(error.code).toBe('LEGACY_FILE');
  });

  it('refuses an unknown column unless it is left out by name', async () => {
    const path = join(dir.path, 'extra-column.db');
    await buildLegacyFile(path, {
      version: 'S6',
      seed: 2,
      rows: ROWS,
      bodyBytes: 300,
      extraColumn: { table: 'api_requests', column: 'x_region' },
    });
    const error = await failure({ from: `sqlite:${path}`, to: target.url });
    expect(error.code).toBe('LEGACY_FILE');
    expect(error.message).toContain('api_requests.x_region');
    await targetIsUntouched();
    const report = await migrate({
      from: `sqlite:${path}`,
      to: target.url,
      logger: silentLogger,
      backupDir: false,
      leaveOut: ['api_requests.x_region'],
    });
    expect(report.ok).toBe(true);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ kind: 'left-out', table: 'api_requests', column: 'x_region' }),
    );
  });

  it('refuses an unknown table unless it is left out by name', async () => {
    const path = join(dir.path, 'extra-table.db');
    await buildLegacyFile(path, { version: 'S4', seed: 2, rows: ROWS, bodyBytes: 300, extraTable: 'plugin_state' });
    const error = await failure({ from: `sqlite:${path}`, to: target.url });
    expect(error.code).toBe('LEGACY_FILE');
    expect(error.message).toContain('plugin_state');
    const report = await migrate({
      from: `sqlite:${path}`,
      to: target.url,
      logger: silentLogger,
      backupDir: false,
      leaveOut: ['plugin_state'],
    });
    expect(report.ok).toBe(true);
  });

  it('refuses a non-integral REAL in an integer column, naming table, column and row id but not the value', async () => {
    const path = await fresh(
      'UPDATE api_requests SET prompt_tokens = 7.25 WHERE rowid = (SELECT min(rowid) FROM api_requests)',
    );
    const error = await failure({ from: `sqlite:${path}`, to: target.url });
    expect(error.code).toBe('DATA_DOES_NOT_FIT');
    expect(error.message).toMatch(
      /api_requests\.prompt_tokens: holds a non-integral REAL in an integer column \(1 row: \S+\)/,
    );
    expect(error.message).not.toContain('7.25');
    await targetIsUntouched();
  });

  it('refuses text in a numeric column and NULL where the target forbids it', async () => {
    const path = await fresh(
      "UPDATE api_requests SET created_at = 'yesterday' WHERE rowid = (SELECT min(rowid) FROM api_requests)",
    );
    editLegacyFile(
      path,
      'INSERT INTO users (id, username, password_hash, created_at, updated_at) VALUES (NULL, ?, ?, 1, 1)',
      ['nobody', 'x'],
    );
    const error = await failure({ from: `sqlite:${path}`, to: target.url });
    expect(error.code).toBe('DATA_DOES_NOT_FIT');
    expect(error.message).toContain('api_requests.created_at: holds text in a numeric column');
    expect(error.message).toContain('users.id: NULL where the target forbids it');
    expect(error.message).not.toContain('yesterday');
    await targetIsUntouched();
  });

  it(`${dialect === 'mysql' ? 'refuses' : 'accepts'} an id longer than MySQL's 255-byte key`, async () => {
    const path = await fresh(
      'UPDATE routing_configs SET id = ? WHERE rowid = (SELECT min(rowid) FROM routing_configs)',
      ['r'.repeat(300)],
    );
    if (dialect === 'mysql') {
      const error = await failure({ from: `sqlite:${path}`, to: target.url });
      expect(error.code).toBe('DATA_DOES_NOT_FIT');
      expect(error.message).toContain("routing_configs.id: longer than the target's 255 bytes");
      await targetIsUntouched();
    } else {
      expect(
        (await migrate({ from: `sqlite:${path}`, to: target.url, logger: silentLogger, backupDir: false })).ok,
      ).toBe(true);
    }
  });

  it('refuses a target that already holds data unless --replace is given', async () => {
    await migrate({ from: `sqlite:${good}`, to: target.url, logger: silentLogger, backupDir: false });
    const other = await fresh('DELETE FROM api_requests WHERE rowid % 2 = 0');
    const error = await failure({ from: `sqlite:${other}`, to: target.url });
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toMatch(/--replace/);
    expect((await failure({ from: `sqlite:${other}`, to: target.url, resume: true })).code).toBe('CONFLICT');
    const replaced = await migrate({
      from: `sqlite:${other}`,
      to: target.url,
      logger: silentLogger,
      backupDir: false,
      replace: true,
    });
    expect(replaced.ok).toBe(true);
    expect((await readPlainRows(target.url, 'api_requests')).size).toBe(
      replaced.tables.find((t) => t.table === 'api_requests')?.sourceRows,
    );
  });

  it('writes nothing in a dry run and reports the source', async () => {
    const report = await migrate({ from: `sqlite:${good}`, to: target.url, logger: silentLogger, dryRun: true });
    expect(report.ok).toBe(true);
    expect(report.tables.find((t) => t.table === 'api_requests')?.sourceRows).toBe(ROWS.api_requests);
    await targetIsUntouched();
  });
});
