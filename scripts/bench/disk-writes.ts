/**
 * Bytes written to storage while logging 24,000 requests with ~4 KB bodies: 20 minutes of a gateway serving
 * 20 requests/s. Time is compressed, but each approach writes in the pattern it would have in real time:
 * - legacy: sql.js holds the whole database in memory and exports ALL of it to the file every 5 s
 *   (100 requests per export, 240 exports), counted as the bytes of every export written;
 * - gateway-db: the buffered writer flushes about once a second (20 rows a flush, 1,200 flushes), counted from
 *   /proc/<pid>/io `write_bytes` of this process (SQLite: WAL + checkpoints, including the final one at close)
 *   or of mariadbd (MySQL: redo log, doublewrite buffer and data pages, after forcing every dirty page out).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { legacyBootStatements, legacyColumnNames } from '@gateway-db/legacy-fixture';
import type mysql from 'mysql2/promise';
import initSqlJs from 'sql.js';
import { API_REQUEST_COLUMNS, benchRequestRow, rowValues, withId } from './bench-rows.js';
import type { BenchStore } from './bench-stores.js';
import { ioDelta, readIo } from './measure.js';

export const REQUESTS = 24_000;
const REQUESTS_PER_SECOND = 20;
const LEGACY_EXPORT_EVERY_S = 5;

export interface DiskWriteResult {
  readonly approach: string;
  readonly bytesWritten: number;
  readonly finalFileBytes?: number;
  /** MySQL: where InnoDB's bytes went (redo log, doublewrite buffer, pages), from SHOW GLOBAL STATUS. */
  readonly breakdown?: string;
}

const INNODB_COUNTERS = [
  'Innodb_os_log_written',
  'Innodb_dblwr_pages_written',
  'Innodb_pages_written',
  'Innodb_data_written',
];

async function innodbCounters(pool: mysql.Pool): Promise<Map<string, number>> {
  const [rows] = await pool.query(
    `SHOW GLOBAL STATUS WHERE Variable_name IN (${INNODB_COUNTERS.map(() => '?').join(', ')})`,
    INNODB_COUNTERS,
  );
  return new Map((rows as { Variable_name: string; Value: string }[]).map((r) => [r.Variable_name, Number(r.Value)]));
}

function describeInnodb(before: Map<string, number>, after: Map<string, number>): string {
  const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
  return (
    `redo log ${mb(delta('Innodb_os_log_written'))}, doublewrite ${mb(delta('Innodb_dblwr_pages_written') * 16384)}, ` +
    `pages ${mb(delta('Innodb_pages_written') * 16384)} (InnoDB data written ${mb(delta('Innodb_data_written'))})`
  );
}

/** The legacy sql.js approach, exporting into a tmpfs file so the benchmark does not wear the disk. */
export async function legacySqlJsWrites(requests = REQUESTS): Promise<DiskWriteResult> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  for (const statement of legacyBootStatements('S6', Date.now())) db.exec(statement.sql);
  const columns = legacyColumnNames('api_requests', 'S6') ?? [];
  const statement = db.prepare(
    `INSERT INTO api_requests (${API_REQUEST_COLUMNS.join(', ')}) VALUES (${API_REQUEST_COLUMNS.map(() => '?').join(', ')})`,
  );
  if (!API_REQUEST_COLUMNS.every((c) => columns.includes(c))) throw new Error('bench: legacy schema lacks a column');
  const folder = mkdtempSync('/dev/shm/gwbench-legacy-');
  const file = join(folder, 'gateway.db');
  const perExport = REQUESTS_PER_SECOND * LEGACY_EXPORT_EVERY_S;
  let bytesWritten = 0;
  let size = 0;
  try {
    for (let i = 0; i < requests; i++) {
      statement.run(rowValues(withId(benchRequestRow(i), i, 'legacy')));
      if ((i + 1) % perExport === 0 || i === requests - 1) {
        const image = db.export(); // the whole database, every time
        writeFileSync(file, image);
        bytesWritten += image.byteLength;
        size = image.byteLength;
      }
    }
  } finally {
    statement.free();
    db.close();
    rmSync(folder, { recursive: true, force: true });
  }
  return { approach: 'legacy sql.js (full export every 5 s)', bytesWritten, finalFileBytes: size };
}

function mariadbPid(): number {
  const out =
    execFileSync('pgrep', ['-xo', 'mariadbd'], { encoding: 'utf8' }).trim() ||
    execFileSync('pgrep', ['-xo', 'mysqld'], { encoding: 'utf8' }).trim();
  return Number(out);
}

async function flushAllDirtyPages(pool: mysql.Pool): Promise<void> {
  const [rows] = await pool.query("SHOW GLOBAL VARIABLES LIKE 'innodb_max_dirty_pages_pct'");
  const previous = (rows as { Value: string }[])[0]?.Value ?? '90';
  await pool.query('SET GLOBAL innodb_max_dirty_pages_pct = 0');
  try {
    for (let waited = 0; waited < 120_000; waited += 250) {
      const [status] = await pool.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'");
      if (Number((status as { Value: string }[])[0]?.Value ?? 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    await pool.query(`SET GLOBAL innodb_max_dirty_pages_pct = ${Number(previous)}`);
  }
}

/** gateway-db on `store`, flushing as the writer's 1 s timer would at 20 requests/s. */
export async function gatewayDbWrites(store: BenchStore, requests = REQUESTS): Promise<DiskWriteResult> {
  const pid = store.raw.kind === 'mysql' ? mariadbPid() : 'self';
  if (store.raw.kind === 'mysql') await flushAllDirtyPages(store.raw.pool);
  const countersBefore = store.raw.kind === 'mysql' ? await innodbCounters(store.raw.pool) : undefined;
  const before = readIo(pid);
  for (let i = 0; i < requests; i++) {
    store.db.apiRequests.create(benchRequestRow(i));
    if ((i + 1) % REQUESTS_PER_SECOND === 0) await store.db.apiRequests.flush();
  }
  await store.db.apiRequests.flush();
  if (store.raw.kind === 'mysql') await flushAllDirtyPages(store.raw.pool);
  else {
    // What close() would do: checkpoint the WAL into the database file.
    store.raw.db.pragma('wal_checkpoint(TRUNCATE)');
  }
  const delta = ioDelta(before, readIo(pid));
  const countersAfter = store.raw.kind === 'mysql' ? await innodbCounters(store.raw.pool) : undefined;
  return {
    approach: `gateway-db on ${store.dialect}`,
    bytesWritten: delta.writeBytes - delta.cancelledWriteBytes,
    ...(countersBefore && countersAfter ? { breakdown: describeInnodb(countersBefore, countersAfter) } : {}),
  };
}
