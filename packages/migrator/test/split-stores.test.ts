/**
 * Split stores (LOG_DB_URL): the request logs in a store of their own. The legacy file goes into a main and a log
 * store, each table into one of them only, verified; the two stores go back into one SQLite file exactly as a
 * direct import would fill it; an interrupted or failed log part is finished by `resume` or a rerun; the start-up
 * import fills both stores.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { applyMigrations, type GatewayDbConfig, type StoreExecutor, silentLogger } from '@gateway-db/core';
import { loadConfig } from '@gateway-db/core/config.js';
import { openStore } from '@gateway-db/core/open-store.js';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import type { Dialect } from '@gateway-db/schema';
import { tableSpecs } from '@gateway-db/schema';
import { testDialects } from '@gateway-db/test-support';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigrationReport, migrate, type ProgressListener, runStartupImport } from '../src/index.js';
import { LOG_PART_TABLES } from '../src/store-parts.js';
import { expectSameStores } from './support/content.js';
import { createTarget, readPlainRows, sqliteColumns, type TestTarget, tempDir } from './support/stores.js';

/** Written out here, not taken from the code under test: what the issue puts in the log store. */
const LOG_TABLES = [
  'api_requests',
  'expert_routing_logs',
  'api_request_rollups',
  'api_request_models',
  'api_request_rollup_state',
];

const quiet: ProgressListener = { phaseStarted() {}, tableStarted() {}, rowsDone() {}, tableDone() {}, phaseDone() {} };

/** Every legacy row in the store of its part, and none in the other store. */
async function expectSplitContent(legacyPath: string, mainUrl: string, logUrl: string): Promise<void> {
  for (const spec of tableSpecs) {
    const columns = sqliteColumns(legacyPath, spec.name);
    const picked = columns.length > 0 ? columns : ['id'];
    const source = columns.length > 0 ? await readPlainRows(`sqlite:${legacyPath}`, spec.name, columns) : new Map();
    const inLogs = LOG_TABLES.includes(spec.name);
    const main = await readPlainRows(mainUrl, spec.name, picked);
    const logs = await readPlainRows(logUrl, spec.name, picked);
    expect(inLogs ? logs : main, `rows of ${spec.name} in the ${inLogs ? 'log' : 'main'} store`).toEqual(source);
    expect((inLogs ? main : logs).size, `rows of ${spec.name} in the ${inLogs ? 'main' : 'log'} store`).toBe(0);
  }
}

/** name -> state of the run markers in a store (read through the bare drivers). */
async function runMarkers(url: string): Promise<Record<string, string>> {
  const query = 'SELECT name, state FROM gateway_db_import_state';
  let rows: { name: string; state: string }[];
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      // A rolled-back SQLite import took the table with it.
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'gateway_db_import_state'").get();
      rows = exists ? (db.prepare(query).all() as typeof rows) : [];
    } finally {
      db.close();
    }
  } else {
    const conn = await mysql.createConnection({ uri: url });
    try {
      [rows] = (await conn.query(query)) as [typeof rows, unknown];
    } finally {
      await conn.end();
    }
  }
  return Object.fromEntries(rows.filter((row) => row.name.startsWith('_run')).map((row) => [row.name, row.state]));
}

/** Runs one statement on a store through the bare driver. */
async function execute(url: string, statement: string): Promise<void> {
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length));
    try {
      db.exec(statement);
    } finally {
      db.close();
    }
    return;
  }
  const conn = await mysql.createConnection({ uri: url });
  try {
    await conn.query(statement);
  } finally {
    await conn.end();
  }
}

function expectVerified(report: MigrationReport): void {
  expect(report.ok).toBe(true);
  expect(report.tables.map((t) => t.table).sort()).toEqual(tableSpecs.map((s) => s.name).sort());
  for (const table of report.tables) expect(table.match, table.table).toBe(true);
}

it('the log part is the five log tables of the schema', () => {
  expect([...LOG_PART_TABLES].sort()).toEqual([...LOG_TABLES].sort());
  for (const name of LOG_TABLES) expect(tableSpecs.map((s) => s.name)).toContain(name);
});

describe.each(testDialects())('split stores on %s', (dialect: Dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let legacy: string;
  const stores: TestTarget[] = [];
  const target = async (label: string) => {
    const store = await createTarget(dialect, label);
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    dir = tempDir('split');
    legacy = join(dir.path, 'gateway.db');
    await buildLegacyFile(legacy, {
      version: 'S6',
      hostile: true,
      seed: 31,
      rows: { api_requests: 300 },
      bodyBytes: 800,
    });
  });
  afterAll(async () => {
    for (const store of stores) await store.drop();
    dir.remove();
  });

  it('puts every config row in the main store and every log row in the log store, verified, then backs up', async () => {
    const main = await target('main');
    const logs = await target('logs');
    const backupDir = join(dir.path, `backup-${dialect}`);
    const report = await migrate({
      from: `sqlite:${legacy}`,
      to: main.url,
      logTo: logs.url,
      logger: silentLogger,
      backupDir,
    });
    expectVerified(report);
    expect(report.to).toContain(main.url.startsWith('sqlite:') ? main.url : 'request logs: mysql://');
    expect(report.parts?.map((p) => p.part)).toEqual(['config', 'logs']);
    const legacyRequests = (await readPlainRows(`sqlite:${legacy}`, 'api_requests', ['id'])).size;
    expect(legacyRequests).toBeGreaterThanOrEqual(300);
    expect(report.tables.find((t) => t.table === 'api_requests')?.sourceRows).toBe(legacyRequests);
    expect(report.notes.join()).not.toMatch(/rollups/);
    await expectSplitContent(legacy, main.url, logs.url);
    expect(await runMarkers(main.url)).toEqual({ '_run:config': 'verified' });
    expect(await runMarkers(logs.url)).toEqual({ '_run:logs': 'verified' });
    expect(readdirSync(backupDir)).toHaveLength(1);
    const compared = await migrate({
      from: `sqlite:${legacy}`,
      to: main.url,
      logTo: logs.url,
      verifyOnly: true,
      logger: silentLogger,
    });
    expectVerified(compared);
    // --verify-only compares each part with its own store: the log store holds no config table's rows.
    const wrongWay = await migrate({
      from: `sqlite:${legacy}`,
      to: logs.url,
      logTo: main.url,
      verifyOnly: true,
      logger: silentLogger,
    }).catch((e: unknown) => e);
    expect(wrongWay).toMatchObject({ code: 'VERIFY_FAILED' });

    // Back to one SQLite file, from the two stores: the same rows as a direct import of the file.
    const direct = await createTarget('sqlite', 'direct');
    const rollback = await createTarget('sqlite', 'rollback');
    stores.push(direct, rollback);
    expectVerified(await migrate({ from: `sqlite:${legacy}`, to: direct.url, logger: silentLogger, backupDir: false }));
    const back = await migrate({ from: main.url, logFrom: logs.url, to: rollback.url, logger: silentLogger });
    expectVerified(back);
    expect(back.from).toMatch(/, request logs: /);
    expect(back.backupPath).toBeUndefined();
    expect((await readPlainRows(rollback.url, 'api_requests')).size).toBe(legacyRequests);
    await expectSameStores(direct.url, rollback.url);
    expect(await runMarkers(rollback.url)).toEqual({ '_run:config': 'verified', '_run:logs': 'verified' });

    // The rollups are checked where the logs come from: a row flagged as rolled up that no rollup counts is found
    // in the log store, and reported as the source's own inconsistency (copied as it was).
    await execute(
      logs.url,
      'UPDATE api_requests SET rolled_up = 1 WHERE id = (SELECT MIN(id) FROM (SELECT id FROM api_requests) AS ids)',
    );
    const again = await createTarget('sqlite', 'again');
    stores.push(again);
    const checked = await migrate({ from: main.url, logFrom: logs.url, to: again.url, logger: silentLogger });
    expect(checked.notes.join()).toMatch(/rollups already disagreed/);
  });

  it('resumes an import stopped in the log part, keeping the config part', async () => {
    const main = await target('main-stop');
    const logs = await target('logs-stop');
    const stop = new AbortController();
    const stopInLogs: ProgressListener = {
      ...quiet,
      tableStarted: (phase, table) => {
        if (phase === 'copy' && table === 'api_requests') stop.abort();
      },
    };
    const options = {
      from: `sqlite:${legacy}`,
      to: main.url,
      logTo: logs.url,
      logger: silentLogger,
      backupDir: false as const,
    };
    const error = await migrate({ ...options, progress: stopInLogs, signal: stop.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'INTERRUPTED', report: { resumable: true } });
    expect(await runMarkers(main.url)).toEqual({ '_run:config': 'copying' });
    expect(await runMarkers(logs.url)).toEqual({ '_run:logs': 'copying' });
    expect((await readPlainRows(main.url, 'users')).size).toBeGreaterThan(0);

    const resumed = await migrate({ ...options, resume: true });
    expectVerified(resumed);
    expect(resumed.notes.join()).toMatch(/resuming/);
    // The config tables were all copied before the stop: the resumed run copies none of them again.
    for (const table of resumed.tables.filter((t) => !LOG_TABLES.includes(t.table)))
      expect(table.copiedRows, table.table).toBeUndefined();
    const requests = resumed.tables.find((t) => t.table === 'api_requests');
    expect(requests?.copiedRows).toBe(requests?.sourceRows);
    expect(requests?.copiedRows).toBeGreaterThanOrEqual(300);
    await expectSplitContent(legacy, main.url, logs.url);
    expect(await runMarkers(main.url)).toEqual({ '_run:config': 'verified' });
  });

  it('a failure in the log store leaves both parts unfinished, and a rerun starts over and ends verified', async () => {
    const main = await target('main-fail');
    const logs = await target('logs-fail');
    const crashInLogs: ProgressListener = {
      ...quiet,
      rowsDone: (phase, table) => {
        if (phase === 'copy' && table === 'api_requests') throw new Error('simulated failure of the log store');
      },
    };
    const options = {
      from: `sqlite:${legacy}`,
      to: main.url,
      logTo: logs.url,
      logger: silentLogger,
      backupDir: false as const,
    };
    await expect(migrate({ ...options, progress: crashInLogs })).rejects.toThrow(/simulated failure/);
    // No part is marked verified before both are (SQLite rolled both transactions back: no marker at all).
    const expected = dialect === 'mysql' ? 'copying' : undefined;
    expect((await runMarkers(main.url))['_run:config']).toBe(expected);
    expect((await runMarkers(logs.url))['_run:logs']).toBe(expected);

    const rerun = await migrate(options);
    expectVerified(rerun);
    if (dialect === 'mysql') expect(rerun.notes.join()).toMatch(/interrupted import was found/);
    await expectSplitContent(legacy, main.url, logs.url);
  });

  it('the start-up import fills the main and the log store, then skips, and refuses an unfinished log part', async () => {
    const main = await target('main-startup');
    const logs = await target('logs-startup');
    const configFor = (legacyDbPath: string): GatewayDbConfig =>
      loadConfig(
        {
          dialect,
          ...(dialect === 'sqlite'
            ? { sqlite: { path: main.url.slice('sqlite:'.length) } }
            : { mysql: { url: main.url } }),
          legacyDbPath,
          logDbUrl: logs.url,
        },
        {},
        false,
      );
    const lines: string[] = [];
    const logger = {
      info: (l: string) => lines.push(l),
      warn: (l: string) => lines.push(l),
      error: (l: string) => lines.push(l),
    };
    const startUp = async (legacyDbPath: string) => {
      const config = configFor(legacyDbPath);
      if (config.logStore === undefined) throw new Error('the test config names no log store');
      const opened: StoreExecutor[] = [];
      try {
        const executor = await openStore(config);
        opened.push(executor);
        const logExecutor = await openStore(config.logStore);
        opened.push(logExecutor);
        await applyMigrations(executor);
        await applyMigrations(logExecutor);
        await runStartupImport(
          { executor, logExecutor, config, logger },
          { backupDir: join(dir.path, `startup-backup-${dialect}`) },
        );
        return 'imported';
      } catch (error) {
        return error;
      } finally {
        for (const executor of opened) await executor.close();
      }
    };

    expect(await startUp(legacy)).toBe('imported');
    await expectSplitContent(legacy, main.url, logs.url);
    expect(await runMarkers(logs.url)).toEqual({ '_run:logs': 'verified' });

    lines.length = 0;
    expect(await startUp(legacy)).toBe('imported');
    expect(lines.join('\n')).toMatch(/nothing to import/);
    expect(readdirSync(join(dir.path, `startup-backup-${dialect}`))).toHaveLength(1);

    // An unfinished log part with the legacy file gone: never served.
    await execute(logs.url, "UPDATE gateway_db_import_state SET state = 'copying' WHERE name = '_run:logs'");
    const gone = join(dir.path, 'gone.db');
    expect(existsSync(gone)).toBe(false);
    expect(await startUp(gone)).toMatchObject({
      code: 'LEGACY_FILE',
      message: expect.stringMatching(/unfinished import/),
    });
  });
});
