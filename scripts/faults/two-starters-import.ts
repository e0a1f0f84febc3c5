/**
 * Fault: two gateway processes start at the same moment on an empty MySQL database with the same legacy
 * `gateway.db`.
 *
 *   pnpm tsx --conditions=source scripts/faults/two-starters-import.ts
 *
 * Checks: both end up serving (/health ok); exactly one of them imported (one `数据迁移完成` line in their logs);
 * the import marker says `verified`; no table holds more rows than the legacy file (nothing imported twice).
 * Needs the migrator's start-up import wired into createGatewayDb: until then it fails saying so.
 * `GATEWAY_MAIN=<file>` starts another entry file instead of examples/gateway/src/main.ts (e.g. one that passes
 * `legacyImporter` itself).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import mysql from 'mysql2/promise';
import { type GatewayProcess, startGatewayProcess } from '../load/gateway-process.js';
import { createLoadStore, mysqlServer } from '../load/load-store.js';
import { readHealth } from './health-watch.js';
import { faultChecks, runFaultScript } from './run-fault-script.js';

const IMPORT_DONE = '数据迁移完成';
const NOT_WIRED = 'no legacy importer is installed';
const { failures, check } = faultChecks();

async function tableCounts(database: string, tables: readonly string[]): Promise<Map<string, number>> {
  const server = mysqlServer();
  const connection = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database,
  });
  try {
    const counts = new Map<string, number>();
    for (const table of tables) {
      const [rows] = await connection.query(`SELECT COUNT(*) AS n FROM \`${table}\``);
      counts.set(table, Number((rows as { n: number }[])[0]?.n ?? 0));
    }
    return counts;
  } finally {
    await connection.end();
  }
}

async function runMarker(database: string): Promise<string | undefined> {
  const server = mysqlServer();
  const connection = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database,
  });
  try {
    const [rows] = await connection.query("SELECT `state` FROM `gateway_db_import_state` WHERE `name` = '_run'");
    return (rows as { state: string }[])[0]?.state;
  } catch {
    return undefined;
  } finally {
    await connection.end();
  }
}

async function main(): Promise<void> {
  console.log('fault: two gateway processes start at once on an empty MySQL database with the same legacy file');
  const store = createLoadStore('mysql', 'twostart');
  const processes: GatewayProcess[] = [];
  try {
    mkdirSync(join(store.folder, 'data'), { recursive: true });
    const legacyPath = join(store.folder, 'data', 'gateway.db');
    const legacy = await buildLegacyFile(legacyPath);
    console.log(`  legacy file: ${legacy.version}, ${Object.values(legacy.rowCounts).reduce((a, b) => a + b, 0)} rows`);
    for (const label of ['gw-a', 'gw-b']) {
      processes.push(
        startGatewayProcess({
          cwd: store.folder,
          env: { ...store.env, DB_PATH: legacyPath, ADMIN_TOKEN: 'fault' },
          label,
          ...(process.env.GATEWAY_MAIN ? { main: process.env.GATEWAY_MAIN } : {}),
        }),
      );
    }
    const started = await Promise.allSettled(processes.map((p) => p.ready));
    const urls = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    const outputs = processes.map((p) => p.output());
    if (outputs.some((text) => text.includes(NOT_WIRED))) {
      check(
        false,
        'the migrator start-up import is wired into createGatewayDb (it is not yet: this check cannot pass)',
      );
    }
    check(urls.length === 2, `both processes serve (${urls.length}/2 listening)`);
    for (const url of urls) check((await readHealth(url))?.ok === true, `${url}/health ok`);
    const imports = outputs.filter((text) => text.includes(IMPORT_DONE)).length;
    check(imports === 1, `exactly one import (${imports} processes logged "${IMPORT_DONE}")`);
    const marker = await runMarker(store.database);
    check(marker === 'verified', `import marker: ${marker ?? 'absent'}`);
    const gatewayTables = legacy.tables.filter((t) => t in legacy.rowCounts && !['schema_migrations'].includes(t));
    const counts = await tableCounts(store.database, gatewayTables).catch(() => new Map<string, number>());
    const unequal = gatewayTables.filter((t) => counts.get(t) !== legacy.rowCounts[t]);
    console.log(
      `  rows per table (target/legacy): ${gatewayTables.map((t) => `${t} ${counts.get(t) ?? '?'}/${legacy.rowCounts[t]}`).join(', ')}`,
    );
    check(
      unequal.length === 0,
      `every table holds the legacy file's rows once${unequal.length > 0 ? ` (differ: ${unequal.join(', ')})` : ''}`,
    );
  } finally {
    await Promise.all(processes.map((p) => p.stop().catch(() => undefined)));
    await store.drop();
  }
}

runFaultScript(main, failures);
