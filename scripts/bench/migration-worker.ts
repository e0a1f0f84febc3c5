/**
 * One migration method, run in its own process so its peak RSS is its own:
 *   tsx migration-worker.ts <method> <legacy-file> <target> [csv-file]
 * methods: `gateway-db` (our migrate(), verification included), `legacy` (whole table in memory, 100-row
 * INSERT batches), `load-data` (LOAD DATA LOCAL INFILE of a CSV the sqlite3 CLI exported).
 * Prints one JSON line: { method, seconds, rows, maxRssBytes }.
 */
import { createReadStream } from 'node:fs';
import { migrate, silentLogger } from '@gateway-db/migrator';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import { API_REQUEST_COLUMNS } from './bench-rows.js';

const [method, legacyFile = '', target = '', csvFile = ''] = process.argv.slice(2);

async function connect(url: string) {
  return mysql.createConnection({
    uri: url,
    charset: 'utf8mb4_unicode_ci',
    infileStreamFactory: () => createReadStream(csvFile),
  });
}

async function legacyMethod(): Promise<number> {
  const source = new Database(legacyFile, { readonly: true });
  const rows = source
    .prepare(`SELECT ${API_REQUEST_COLUMNS.join(', ')} FROM api_requests`)
    .raw()
    .all() as unknown[][];
  source.close();
  const conn = await connect(target);
  await conn.query('SET FOREIGN_KEY_CHECKS = 0');
  const tuple = `(${API_REQUEST_COLUMNS.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += 100) {
    const batch = rows.slice(i, i + 100);
    await conn.query(
      `INSERT INTO api_requests (${API_REQUEST_COLUMNS.join(', ')}) VALUES ${batch.map(() => tuple).join(', ')}`,
      batch.flat(),
    );
  }
  await conn.end();
  return rows.length;
}

async function loadDataMethod(): Promise<number> {
  const conn = await connect(target);
  await conn.query('SET FOREIGN_KEY_CHECKS = 0');
  const [result] = await conn.query({
    sql: `LOAD DATA LOCAL INFILE 'api_requests.csv' INTO TABLE api_requests CHARACTER SET utf8mb4
          FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '"' ESCAPED BY '' LINES TERMINATED BY '\\n'
          (${API_REQUEST_COLUMNS.join(', ')})`,
    infileStreamFactory: () => createReadStream(csvFile),
  });
  await conn.end();
  return (result as { affectedRows: number }).affectedRows;
}

async function ourMethod(): Promise<number> {
  const report = await migrate({
    from: legacyFile.includes('://') ? legacyFile : `sqlite:${legacyFile}`,
    to: target,
    backupDir: false,
    logger: silentLogger,
  });
  return report.tables.reduce((sum, t) => sum + (t.targetRows ?? 0), 0);
}

const started = performance.now();
const rows =
  method === 'legacy' ? await legacyMethod() : method === 'load-data' ? await loadDataMethod() : await ourMethod();
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ method, seconds, rows, maxRssBytes: process.resourceUsage().maxRSS * 1024 }));
