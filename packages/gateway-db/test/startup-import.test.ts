import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { migrate, silentLogger } from '@gateway-db/migrator';
import { ensureStateTable, executorRunner, writeRunMarker } from '@gateway-db/migrator/import-state.js';
import { tableSpecs } from '@gateway-db/schema';
import { testDialects } from '@gateway-db/test-support';
import {
  createGatewayDb,
  createMysqlExecutor,
  createSqliteExecutor,
  type GatewayDbConfigInput,
  type LogFields,
  loadConfig,
} from 'gateway-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../migrator/test/support/run-cli.js';
import { createTarget, readPlainRows, tempDir } from '../../migrator/test/support/stores.js';

const START_GATEWAY = new URL('./support/start-gateway.ts', import.meta.url);

import type { TestTarget } from '../../migrator/test/support/stores.js';

/** The lines logged, and the event code of each line that has one (what a log collector would alert on). */
function collectingLogger() {
  const lines: string[] = [];
  const codes: string[] = [];
  const push = (line: string, fields?: LogFields) => {
    lines.push(line);
    if (fields) codes.push(fields.code);
  };
  return { lines, codes, logger: { info: push, warn: push, error: push } };
}

function storeConfig(target: TestTarget, legacyDbPath: string): GatewayDbConfigInput {
  return target.dialect === 'sqlite'
    ? { dialect: 'sqlite', sqlite: { path: target.url.slice('sqlite:'.length) }, legacyDbPath }
    : { dialect: 'mysql', mysql: { url: target.url }, legacyDbPath };
}

/** Leaves the marker an import writes before its first row, as if it had been killed right after. */
async function writeCopyingMarker(target: TestTarget): Promise<void> {
  const config = loadConfig(storeConfig(target, '/nonexistent/legacy.db'), {}, false);
  const executor =
    config.dialect === 'sqlite'
      ? createSqliteExecutor({ path: config.sqlite.path })
      : await createMysqlExecutor(config.mysql);
  try {
    const runner = executorRunner(executor);
    await ensureStateTable(runner);
    await writeRunMarker(runner, 'copying', 'sqlite:x', 'f');
  } finally {
    await executor.close();
  }
}

async function open(target: TestTarget, legacyDbPath: string) {
  const { lines, codes, logger } = collectingLogger();
  // No importer passed: createGatewayDb finds the migrator's by itself (the default wiring is what is tested).
  const db = await createGatewayDb({ ...storeConfig(target, legacyDbPath), env: {}, logger });
  await db.close();
  return Object.assign(lines, { codes });
}

describe.each(testDialects())('the automatic import at gateway-db start-up on %s', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  beforeAll(async () => {
    dir = tempDir('startup');
    file = join(dir.path, 'gateway.db');
    await buildLegacyFile(file, { version: 'S6', seed: 6, rows: { api_requests: 30 }, bodyBytes: 300 });
  });
  afterAll(() => dir.remove());

  it('refuses to open a store left half-imported once the legacy file is gone, saying how to finish', async () => {
    const target = await createTarget(dialect, 'halfway');
    try {
      await open(target, join(dir.path, 'not-yet.db')); // an empty, migrated store
      await writeCopyingMarker(target);
      const error = await open(target, join(dir.path, 'gone.db')).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'LEGACY_FILE' });
      expect(String((error as Error).message)).toMatch(/unfinished import .*gone\.db is gone: put the file back/);
      // Another legacy file is no reason to wipe the leftovers (they came from sqlite:x): refused, saying what to
      // run; the unchanged source of the leftovers would start over (migrator's interrupted-import test).
      const other = await open(target, file).catch((e: unknown) => e);
      expect(other).toMatchObject({ code: 'LEGACY_FILE' });
      expect(String((other as Error).message)).toMatch(/unfinished import from sqlite:x, not from sqlite:.*--replace/);
      // Told to, `pnpm migrate --replace` imports the file over them; the store then opens.
      await migrate({ from: `sqlite:${file}`, to: target.url, replace: true, logger: silentLogger, backupDir: false });
      const lines = await open(target, file);
      expect(lines.join('\n')).toMatch(/already holds a verified import/);
    } finally {
      await target.drop();
    }
  });

  it('imports into an empty store once, then does nothing and says why', async () => {
    const target = await createTarget(dialect, 'startup');
    try {
      const first = await open(target, file);
      expect(first.join('\n')).toContain(`[Migration] 数据迁移完成: ${tableSpecs.length} 个表`);
      expect(first.join('\n')).toMatch(/\[Migration\] 已备份原数据库到: .*backup/);
      expect((await readPlainRows(target.url, 'api_requests')).size).toBe(30);
      expect(first.codes).toEqual(
        expect.arrayContaining([
          'legacy_import.found',
          'migration.progress',
          'migration.completed',
          'migration.backed_up',
        ]),
      );
      expect(first.codes).not.toContain('legacy_import.skipped');
      const second = await open(target, file);
      expect(second.join('\n')).toMatch(/already holds a verified import .*nothing to import/);
      expect(second.join('\n')).not.toMatch(/数据迁移完成/);
      expect(second.codes).toContain('legacy_import.skipped');
      expect(second.codes).not.toContain('legacy_import.found');
    } finally {
      await target.drop();
    }
  });

  it('does nothing without a legacy file', async () => {
    const target = await createTarget(dialect, 'nofile');
    try {
      const lines = await open(target, join(dir.path, 'missing.db'));
      expect(lines.join('\n')).toMatch(/未找到旧数据库/);
      expect(lines.codes).toContain('legacy_import.not_found');
    } finally {
      await target.drop();
    }
  });

  it('imports exactly once when two processes start at the same time', async () => {
    const target = await createTarget(dialect, 'twice');
    try {
      const env = {
        DB_PATH: file,
        DB_DIALECT: dialect,
        ...(dialect === 'sqlite' ? { SQLITE_PATH: target.url.slice('sqlite:'.length) } : { MYSQL_URL: target.url }),
      };
      const [a, b] = await Promise.all([runScript(START_GATEWAY, env), runScript(START_GATEWAY, env)]);
      expect([a.code, b.code], `${a.stdout}${a.stderr ?? ''}\n---\n${b.stdout}${b.stderr ?? ''}`).toEqual([0, 0]);
      const imports = [a, b].filter((result) => result.stdout.includes('数据迁移完成'));
      expect(imports).toHaveLength(1);
      expect((await readPlainRows(target.url, 'api_requests')).size).toBe(30);
    } finally {
      await target.drop();
    }
  });
});

describe.each(testDialects())('the start-up import with the request logs in their own store on %s', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  beforeAll(async () => {
    dir = tempDir('startup_split');
    file = join(dir.path, 'gateway.db');
    await buildLegacyFile(file, { version: 'S6', seed: 7, rows: { api_requests: 40 }, bodyBytes: 200 });
  });
  afterAll(() => dir.remove());

  it('puts the config tables into the main store and the logs into LOG_DB_URL, verified, once', async () => {
    const main = await createTarget(dialect, 'split_main');
    const logs = await createTarget(dialect, 'split_logs');
    try {
      const config = { ...storeConfig(main, file), logDbUrl: logs.url };
      const { lines, logger } = collectingLogger();
      const db = await createGatewayDb({ ...config, env: {}, logger });
      try {
        // Every logged request of the legacy file is counted by the dashboards, which read the log store.
        const page = await db.apiRequests.getAll({ pageSize: 1 });
        expect(page.total).toBe(40);
      } finally {
        await db.close();
      }
      expect(lines.join('\n')).toContain('[Migration] 数据迁移完成');
      expect((await readPlainRows(logs.url, 'api_requests')).size).toBe(40);
      expect((await readPlainRows(main.url, 'api_requests')).size).toBe(0);
      expect((await readPlainRows(main.url, 'providers')).size).toBeGreaterThan(0);
      expect((await readPlainRows(logs.url, 'providers')).size).toBe(0);
      // A restart imports nothing again.
      const again = collectingLogger();
      await (await createGatewayDb({ ...config, env: {}, logger: again.logger })).close();
      expect(again.lines.join('\n')).not.toContain('数据迁移完成');
    } finally {
      await main.drop();
      await logs.drop();
    }
  });
});
