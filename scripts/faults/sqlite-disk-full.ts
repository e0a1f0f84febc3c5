/**
 * Fault: the disk under a SQLite store fills up.
 *
 *   npx tsx --conditions=source scripts/faults/sqlite-disk-full.ts [--size-mib 16] [--filler-mib 6]
 *
 * The store lives on a tmpfs of `--size-mib` (mounted here, unmounted in `finally`; see small-disk.ts), on which a
 * filler file of `--filler-mib` is written first. Then:
 * 1. gateway-db writes api_requests rows (4 KiB bodies holding a known secret) through the buffered writer until
 *    the disk is full. Checks: the flush fails with STORAGE_FULL (retryable) and a message that names no value (no
 *    secret); the rows stay buffered (none rejected, dropped or lost); the process keeps running and reads still
 *    work; after deleting the filler the buffered rows and new ones are written; afterwards
 *    `PRAGMA integrity_check` is ok and every row enqueued is on disk once, byte-exact.
 * 2. The migrator imports a legacy gateway.db into a new SQLite store on the same disk with too little space left:
 *    it fails with a MigrationError naming no secret and the target is left as before (integrity ok, no row, no
 *    `verified` marker); after freeing space a re-run ends verified with every legacy row.
 * Prints what it measured; exits non-zero on failure. Bounded: `--timeout-seconds` (default 120).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { IMPORT_STATE_TABLE, MigrationError, migrate } from '@gateway-db/migrator';
import Database from 'better-sqlite3';
import {
  createGatewayDb,
  type GatewayDb,
  type GatewayDbLogger,
  isGatewayDbError,
  type LogWriterReport,
} from 'gateway-db';
import { faultChecks, runFaultScript } from './run-fault-script.js';
import { mountSmallDisk, runPrivilegedOrReexec, type SmallDisk } from './small-disk.js';

const { values } = parseArgs({
  options: {
    'size-mib': { type: 'string', default: '16' },
    'filler-mib': { type: 'string', default: '6' },
    'timeout-seconds': { type: 'string', default: '120' },
  },
});
const sizeMiB = Math.min(64, Math.max(4, Number(values['size-mib'])));
const fillerMiB = Math.min(sizeMiB / 2, Math.max(1, Number(values['filler-mib'])));
const timeoutSeconds = Math.min(600, Math.max(10, Number(values['timeout-seconds'])));
const MiB = 1024 * 1024;
const BODY_BYTES = 4096;
const BATCH = 128;
/** More than the disk can hold: the loop ends on the first rejected row long before. */
const MAX_ROWS = Math.ceil((sizeMiB * MiB) / BODY_BYTES) * 2;
const ROWS_AFTER_FREEING = 200;
/** Space left for the migrator's target: room for the schema, not for the legacy rows (~1 MiB of bodies). */
const MIGRATOR_LEAVE_BYTES = 384 * 1024;

const SECRET = `sk-diskfull-${randomBytes(16).toString('hex')}`;
const { failures, check } = faultChecks();
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/** Deterministic from the id, so the content read back can be compared byte for byte. */
function bodyOf(id: string): string {
  const head = `{"model":"disk-full","api_key":"${SECRET}","id":"${id}","pad":"`;
  return `${head}${'x'.repeat(BODY_BYTES - head.length - 2)}"}`;
}

function fileSizes(path: string): string {
  const size = (file: string) => {
    try {
      return kib(statSync(file).size);
    } catch {
      return '-';
    }
  };
  return `file ${size(path)}, WAL ${size(`${path}-wal`)}`;
}

function collectingLogger(lines: string[]): GatewayDbLogger {
  return { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
}

async function writeUntilFull(disk: SmallDisk, path: string): Promise<void> {
  console.log(`-- gateway-db writing api_requests into ${path} until the disk is full`);
  const lines: string[] = [];
  const reports: LogWriterReport[] = [];
  const db: GatewayDb = await createGatewayDb({
    dialect: 'sqlite',
    sqlite: { path },
    legacyDbPath: join(disk.dir, 'no-legacy-gateway.db'),
    env: {},
    legacyImporter: false,
    logger: collectingLogger(lines),
    logWriter: { maxBatchRows: BATCH, onReport: (report) => reports.push(report) },
  });
  const enqueued: string[] = [];
  let fullError: unknown;
  const enqueueRows = (prefix: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const id = `${prefix}-${String(enqueued.length).padStart(6, '0')}`;
      db.apiRequests.create({ id, model: 'disk-full', status: 'success', response_time: 12, request_body: bodyOf(id) });
      enqueued.push(id);
    }
  };
  try {
    const started = performance.now();
    while (fullError === undefined && enqueued.length < MAX_ROWS) {
      enqueueRows('before', BATCH);
      await db.apiRequests.flush().catch((error: unknown) => {
        fullError = error;
      });
    }
    const fullAfterMs = performance.now() - started;
    check(
      fullError !== undefined,
      `the disk filled up (after ${enqueued.length} rows, ${(fullAfterMs / 1000).toFixed(1)} s; ` +
        `file ${kib(statSync(path).size)} + WAL, ${kib(disk.freeBytes())} free)`,
    );
    const message = fullError instanceof Error ? fullError.message : String(fullError);
    console.log(`  flush failed: ${isGatewayDbError(fullError) ? fullError.code : 'not a GatewayDbError'}: ${message}`);
    check(isGatewayDbError(fullError, 'STORAGE_FULL'), 'the flush fails with STORAGE_FULL (retryable: rows kept)');
    check(/disk .*full/i.test(message), 'the message says the disk is full');
    // The disk stays full: one more batch, then the rest of the API.
    enqueueRows('full', BATCH);
    await db.apiRequests.flush().catch(() => undefined);
    const codes = new Map<string, number>();
    for (const r of reports) {
      const key = r.kind === 'rejected' || r.kind === 'retrying' || r.kind === 'lost' ? `${r.kind} ${r.code}` : r.kind;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    const whileFull = db.logWriterStats();
    console.log(`  writer reports: ${JSON.stringify(Object.fromEntries(codes))}; stats ${JSON.stringify(whileFull)}`);
    check(
      reports.every((r) => r.kind === 'retrying' && r.code === 'STORAGE_FULL'),
      'the writer only reports retrying on STORAGE_FULL (nothing rejected, dropped or lost)',
    );
    check(whileFull.buffered > 0, `the rows that did not fit stay buffered (${whileFull.buffered})`);

    let directWrite = 'written';
    try {
      await db.systemConfig.set('disk_full_probe', 'x'.repeat(64 * 1024));
    } catch (error) {
      directWrite = isGatewayDbError(error)
        ? `${error.code}: ${error.message}`
        : `not a GatewayDbError: ${String(error)}`;
    }
    console.log(`  a 64 KiB systemConfig.set while full: ${directWrite}`);
    check(
      directWrite === 'written' || directWrite.startsWith('STORAGE_FULL: '),
      'a direct write fails with STORAGE_FULL (or fits)',
    );
    const health = await db.health();
    const page = await db.apiRequests.getAll({ pageSize: 1 });
    check(
      health.ok && page.total === whileFull.written,
      `reads still work while full (health ok, ${page.total} rows counted, ${whileFull.written} written)`,
    );

    disk.removeFiller('filler.bin');
    console.log(`  filler deleted: ${kib(disk.freeBytes())} free; ${fileSizes(path)}`);
    const afterStart = enqueued.length;
    await db.apiRequests.flush();
    enqueueRows('after', ROWS_AFTER_FREEING);
    await db.apiRequests.flush();
    const after = db.logWriterStats();
    check(
      after.buffered === 0 && after.written === enqueued.length && after.rejected === 0 && after.lost === 0,
      `after freeing space the buffered rows and ${ROWS_AFTER_FREEING} new ones are written (${after.written}/${enqueued.length})`,
    );
    const everything = [...reports.map((r) => JSON.stringify(r)), ...lines, directWrite, message].join('\n');
    check(
      !everything.includes(SECRET) && !everything.includes('xxxxxxxx'),
      'no report, log line or error quotes a row value (secret)',
    );
    console.log(`  after: ${fileSizes(path)}, ${kib(disk.freeBytes())} free`);
    console.log(`  rows: ${enqueued.length} enqueued, ${enqueued.length - afterStart} after freeing`);
  } finally {
    await db.close();
  }

  const raw = new Database(path, { readonly: true });
  try {
    const integrity = raw.pragma('integrity_check', { simple: true });
    check(integrity === 'ok', `PRAGMA integrity_check: ${String(integrity)}`);
    const stored = new Map(
      (
        raw.prepare('SELECT `id`, `request_body` FROM `api_requests`').all() as { id: string; request_body: string }[]
      ).map((r) => [r.id, r.request_body]),
    );
    const missing = enqueued.filter((id) => !stored.has(id));
    const changed = enqueued.filter((id) => stored.has(id) && stored.get(id) !== bodyOf(id));
    check(
      missing.length === 0 && changed.length === 0 && stored.size === enqueued.length,
      `every row enqueued is on disk once, byte-exact (${enqueued.length - missing.length - changed.length}/${enqueued.length}, ${stored.size} on disk)`,
    );
  } finally {
    raw.close();
  }
}

async function migrateIntoFullDisk(disk: SmallDisk, scratch: string): Promise<void> {
  console.log('-- migrator: legacy gateway.db into a SQLite store on the full disk');
  const legacyPath = join(scratch, 'gateway.db');
  const legacy = await buildLegacyFile(legacyPath);
  const legacyRows = Object.values(legacy.rowCounts).reduce((a, b) => a + b, 0);
  const secrets = new Database(legacyPath, { readonly: true });
  const secretValues = [
    ...(secrets.prepare('SELECT `api_key` FROM `providers`').pluck().all() as string[]),
    ...(secrets.prepare('SELECT `key_value` FROM `virtual_keys`').pluck().all() as string[]),
  ].filter((v) => typeof v === 'string' && v.length >= 8);
  secrets.close();
  console.log(`  legacy file: ${legacy.version}, ${legacyRows} rows, ${kib(statSync(legacyPath).size)}`);

  const target = join(disk.dir, 'imported.sqlite');
  const lines: string[] = [];
  const logger = {
    info: (m: string) => lines.push(m),
    warn: (m: string) => lines.push(m),
    error: (m: string) => lines.push(m),
  };
  const options = { from: `sqlite:${legacyPath}`, to: `sqlite:${target}`, backupDir: false as const, logger };
  const took = disk.fillLeaving('filler-migrate.bin', MIGRATOR_LEAVE_BYTES);
  console.log(`  filler of ${kib(took)} leaves ${kib(disk.freeBytes())} free`);
  let failure: MigrationError | undefined;
  const started = performance.now();
  try {
    await migrate(options);
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    failure = error;
  }
  console.log(
    `  first run: ${failure ? `${failure.code}: ${failure.message}` : 'succeeded'} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  check(failure !== undefined, 'the import into the full disk fails with a MigrationError');
  const said = [failure?.message ?? '', JSON.stringify(failure?.report ?? {}), ...lines].join('\n');
  check(
    secretValues.length > 0 && secretValues.every((v) => !said.includes(v)),
    `no provider api_key or virtual key in the error, report or log (${secretValues.length} secrets checked)`,
  );
  check(/full|space/i.test(failure?.message ?? ''), 'the message says the disk is full');
  const state = inspectTarget(target);
  console.log(
    `  target after the failure: ${state.exists ? `integrity ${state.integrity}, ${state.rows} rows, marker ${state.marker ?? 'none'}` : 'not created'}`,
  );
  check(
    !state.exists || (state.integrity === 'ok' && state.rows === 0 && state.marker !== 'verified'),
    'the target is left as before (integrity ok, no row, not marked verified)',
  );

  disk.removeFiller('filler-migrate.bin');
  console.log(`  filler deleted: ${kib(disk.freeBytes())} free`);
  const rerun = await migrate(options);
  const after = inspectTarget(target);
  console.log(
    `  re-run: ok ${rerun.ok}, ${rerun.totalRows} rows in ${rerun.seconds?.toFixed(1)} s, marker ${after.marker ?? 'none'}, integrity ${after.integrity}`,
  );
  check(
    rerun.ok && after.marker === 'verified' && after.integrity === 'ok',
    'the re-run after freeing space ends verified',
  );
  const gatewayTables = legacy.tables.filter((t) => t !== 'schema_migrations' && t in legacy.rowCounts);
  const expectedRows = gatewayTables.reduce((sum, t) => sum + (legacy.rowCounts[t] ?? 0), 0);
  check(after.rows === expectedRows, `every legacy row imported once (${after.rows}/${expectedRows})`);
}

function inspectTarget(path: string): { exists: boolean; integrity?: string; rows?: number; marker?: string } {
  try {
    statSync(path);
  } catch {
    return { exists: false };
  }
  const db = new Database(path, { readonly: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const tables = db
      .prepare(
        "SELECT `name` FROM `sqlite_master` WHERE `type` = 'table' AND `name` NOT LIKE 'sqlite_%' AND `name` NOT LIKE 'gateway_db_%' AND `name` <> '__drizzle_migrations'",
      )
      .pluck()
      .all() as string[];
    let rows = 0;
    for (const table of tables) rows += Number(db.prepare(`SELECT count(*) FROM \`${table}\``).pluck().get());
    let marker: string | undefined;
    try {
      marker = db.prepare(`SELECT \`state\` FROM \`${IMPORT_STATE_TABLE}\` WHERE \`name\` = '_run'`).pluck().get() as
        | string
        | undefined;
    } catch {
      marker = undefined;
    }
    return { exists: true, integrity, rows, ...(marker === undefined ? {} : { marker }) };
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  runPrivilegedOrReexec();
  console.log(`fault: SQLite disk full (tmpfs of ${sizeMiB} MiB, filler ${fillerMiB} MiB)`);
  const disk = mountSmallDisk(sizeMiB);
  const scratch = mkdtempSync(join(tmpdir(), 'gwdiskfull-legacy-'));
  // Never leave the tmpfs mounted: not on our own timeout, not when CI's timeout or Ctrl-C stops the script.
  let abandoned = false;
  const abandon = (why: string, code: number) => {
    if (abandoned) return;
    abandoned = true;
    console.error(`FAIL: ${why}`);
    disk.release();
    rmSync(scratch, { recursive: true, force: true });
    process.exit(code);
  };
  const watchdog = setTimeout(() => abandon(`timed out after ${timeoutSeconds} s`, 1), timeoutSeconds * 1000);
  watchdog.unref();
  // `on`, not `once`: a process-group timeout delivers SIGTERM more than once (npx and tsx relay it too), and a
  // second one without a listener would kill the process in the middle of the unmount.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abandon(`stopped by ${signal}`, 130));
  try {
    disk.writeFiller('filler.bin', fillerMiB * MiB);
    const store = join(disk.dir, 'gateway.sqlite');
    await writeUntilFull(disk, store);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${store}${suffix}`, { force: true });
    await migrateIntoFullDisk(disk, scratch);
  } finally {
    clearTimeout(watchdog);
    disk.release();
    rmSync(scratch, { recursive: true, force: true });
  }
}

runFaultScript(main, failures);
