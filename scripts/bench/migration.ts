/**
 * Migration benchmark: a legacy file with 100,000 api_requests rows (~4 KB bodies) into MariaDB/MySQL by
 *   - gateway-db's migrator (all 11 tables, pre-flight and verification included),
 *   - (a) the legacy method: the whole table in memory, 100-row INSERT batches,
 *   - (b) the physical reference: LOAD DATA LOCAL INFILE of the same rows exported by the sqlite3 CLI,
 * each in its own process (peak RSS is the process's own), then MySQL -> SQLite with the migrator.
 * Sizes: BENCH_MIGRATION_ROWS (100000), BENCH_MIGRATION_BODY_BYTES (3600).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildLargeLegacyFile } from '@gateway-db/legacy-fixture';
import { mysqlServerFromEnv } from '@gateway-db/test-support';
import { createGatewayDb, silentLogger } from 'gateway-db';
import mysql from 'mysql2/promise';
import { API_REQUEST_COLUMNS } from './bench-rows.js';
import { markdownTable } from './markdown-table.js';
import { formatBytes, MB } from './measure.js';

interface WorkerResult {
  readonly method: string;
  readonly seconds: number;
  readonly rows: number;
  readonly maxRssBytes: number;
}

function runWorker(args: string[]): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'pnpm',
      ['exec', 'tsx', '--conditions=source', join(import.meta.dirname, 'migration-worker.ts'), ...args],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) reject(new Error(`worker ${args[0]} exited with ${code}`));
      else resolve(JSON.parse(line) as WorkerResult);
    });
  });
}

async function emptyMysqlStore(name: string): Promise<string> {
  const server = mysqlServerFromEnv();
  if (!server) throw new Error('the migration benchmark needs MYSQL_HOST or MYSQL_URL');
  const mysqlConfig = {
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database: name,
  };
  const db = await createGatewayDb({
    dialect: 'mysql',
    mysql: mysqlConfig,
    logger: silentLogger,
    legacyDbPath: '/nonexistent/gateway.db',
  });
  await db.close();
  const auth = `${encodeURIComponent(server.user)}${server.password ? `:${encodeURIComponent(server.password)}` : ''}`;
  return `mysql://${auth}@${server.host}:${server.port}/${name}`;
}

async function exportCsv(legacyFile: string, csvFile: string): Promise<number> {
  const started = performance.now();
  const out = createWriteStream(csvFile);
  const child = spawn('sqlite3', ['-csv', legacyFile, `SELECT ${API_REQUEST_COLUMNS.join(', ')} FROM api_requests`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.pipe(out);
  // Both listeners from the start: the file may close before the child's exit is awaited (a lost event).
  await Promise.all([once(child, 'exit'), once(out, 'close')]);
  return (performance.now() - started) / 1000;
}

export async function runMigrationBench(): Promise<void> {
  const rows = Number(process.env.BENCH_MIGRATION_ROWS ?? 100_000);
  const folder = mkdtempSync('/tmp/gwbench-migration-');
  const legacyFile = join(folder, 'gateway.db');
  const csvFile = join(folder, 'api_requests.csv');
  const tag = Date.now().toString(36);
  const databases = ['ours', 'legacy', 'load'].map((m) => `gwbench_mig_${m}_${tag}`);
  try {
    await buildLargeLegacyFile(legacyFile, {
      rows: { api_requests: rows },
      bodyBytes: Number(process.env.BENCH_MIGRATION_BODY_BYTES ?? 3600),
    });
    const fileBytes = statSync(legacyFile).size;
    const [ours, legacy, load] = await Promise.all(databases.map((d) => emptyMysqlStore(d)));
    const exportSeconds = await exportCsv(legacyFile, csvFile);
    const results = [
      await runWorker(['gateway-db', legacyFile, ours ?? '']),
      await runWorker(['legacy', legacyFile, legacy ?? '']),
      await runWorker(['load-data', legacyFile, load ?? '', csvFile]),
    ];
    const sqliteTarget = join(folder, 'rollback.sqlite');
    const back = await runWorker(['gateway-db', ours ?? '', `sqlite:${sqliteTarget}`]);
    const loadSeconds = results[2]?.seconds ?? Number.NaN;
    const line = (label: string, r: WorkerResult) => [
      label,
      r.rows,
      r.seconds.toFixed(1),
      Math.round(r.rows / r.seconds),
      (fileBytes / MB / r.seconds).toFixed(1),
      formatBytes(r.maxRssBytes),
      `${(loadSeconds / r.seconds).toFixed(2)}x`,
    ];
    console.log(`## Migration: legacy file with ${rows} api_requests rows (${formatBytes(fileBytes)}) into MySQL\n`);
    console.log(`sqlite3 CLI export for LOAD DATA took ${exportSeconds.toFixed(1)} s (not counted below).\n`);
    console.log(
      markdownTable(
        ['method', 'rows', 'seconds', 'rows/s', 'MB/s (file)', 'peak RSS', 'vs LOAD DATA'],
        [
          line('gateway-db migrate (all tables, verified)', results[0] as WorkerResult),
          line('(a) legacy: whole table in memory, 100-row INSERTs', results[1] as WorkerResult),
          line('(b) LOAD DATA LOCAL INFILE (api_requests only)', results[2] as WorkerResult),
          line('gateway-db migrate MySQL -> SQLite (verified)', back),
        ],
      ),
      '\n',
    );
  } finally {
    const server = mysqlServerFromEnv();
    if (server) {
      const conn = await mysql.createConnection({
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
      });
      for (const d of databases) await conn.query(`DROP DATABASE IF EXISTS \`${d}\``);
      await conn.end();
    }
    rmSync(folder, { recursive: true, force: true });
  }
}
