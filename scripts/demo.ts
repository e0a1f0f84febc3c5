/**
 * `pnpm demo`: the main job on a fresh machine, no server needed.
 * 1. builds a sample legacy gateway.db (sql.js, schema S6, hostile rows included) in ./data/demo/;
 * 2. migrates it into the embedded SQLite store ./data/demo/gateway.sqlite, verified;
 * 3. when MYSQL_URL or MYSQL_HOST is set, also into MySQL (database DEMO_MYSQL_DATABASE, default
 *    gateway_db_demo, replaced on every run: never the gateway's own database);
 * 4. compares the stores again with --verify-only and prints the reports.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { consoleLogger, formatReport, logProgress, type MigrationReport, migrate } from '@gateway-db/migrator';

const DEMO_DIR = resolve('data/demo');

function mysqlUrl(env: NodeJS.ProcessEnv): string | undefined {
  const database = env.DEMO_MYSQL_DATABASE ?? 'gateway_db_demo';
  if (env.MYSQL_URL) {
    const url = new URL(env.MYSQL_URL);
    url.pathname = `/${database}`;
    return url.toString();
  }
  if (!env.MYSQL_HOST) return undefined;
  const user = encodeURIComponent(env.MYSQL_USER ?? 'root');
  const password = env.MYSQL_PASSWORD ? `:${encodeURIComponent(env.MYSQL_PASSWORD)}` : '';
  return `mysql://${user}${password}@${env.MYSQL_HOST}:${env.MYSQL_PORT ?? 3306}/${database}`;
}

function show(title: string, report: MigrationReport): void {
  console.log(`\n=== ${title} ===\n${formatReport(report)}`);
}

async function main(): Promise<void> {
  rmSync(DEMO_DIR, { recursive: true, force: true });
  mkdirSync(DEMO_DIR, { recursive: true });
  const legacy = join(DEMO_DIR, 'gateway.db');
  const summary = await buildLegacyFile(legacy, { version: 'S6', hostile: true, seed: 42 });
  console.log(
    `[demo] built ${legacy}: ${summary.bytes} bytes, ${Object.values(summary.rowCounts).reduce((a, b) => a + b, 0)} rows, ` +
      `${summary.danglingReferences.length} dangling references (legacy files have them: they are kept and reported)`,
  );

  const common = {
    from: `sqlite:${legacy}`,
    logger: consoleLogger,
    progress: logProgress(consoleLogger),
    backupDir: join(DEMO_DIR, 'backup'),
  };
  const sqliteStore = `sqlite:${join(DEMO_DIR, 'gateway.sqlite')}`;
  show(
    'legacy gateway.db -> embedded SQLite store',
    await migrate({ ...common, to: sqliteStore, reportFile: join(DEMO_DIR, 'report-sqlite.json') }),
  );
  show(
    'verify-only: legacy file vs SQLite store',
    await migrate({ from: common.from, to: sqliteStore, verifyOnly: true, logger: consoleLogger }),
  );

  const mysql = mysqlUrl(process.env);
  if (mysql === undefined) {
    console.log('\n[demo] MySQL: skipped (set MYSQL_URL or MYSQL_HOST to migrate into MySQL as well)');
  } else {
    show(
      'legacy gateway.db -> MySQL',
      await migrate({ ...common, to: mysql, replace: true, reportFile: join(DEMO_DIR, 'report-mysql.json') }),
    );
    show(
      'verify-only: SQLite store vs MySQL',
      await migrate({ from: sqliteStore, to: mysql, verifyOnly: true, logger: consoleLogger }),
    );
  }
  console.log(
    `\n[demo] done: reports in ${DEMO_DIR}; the legacy file was only read (a backup copy is in ${join(DEMO_DIR, 'backup')})`,
  );
}

try {
  await main();
} catch (error) {
  console.error(`[demo] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
