/**
 * Fault: the disk under a SQLite store fills up.
 *
 *   npx tsx --conditions=source scripts/faults/sqlite-disk-full.ts [--size-mib 16] [--filler-mib 6]
 *
 * The store lives on a tmpfs of `--size-mib` (mounted here, unmounted in `finally`; see small-disk.ts), on which a
 * filler file of `--filler-mib` is written first. Then:
 * 1. gateway-db writes api_requests rows (4 KiB bodies holding a known secret) through the buffered writer until
 *    the disk is full. Checks: rows that do not fit are reported as DATA_DOES_NOT_FIT with a message that names no
 *    value (no secret); the process keeps running and reads still work; after deleting the filler, new rows are
 *    written again; afterwards `PRAGMA integrity_check` is ok and every row not reported is on disk, byte-exact.
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
  const rejectedIds = new Set<string>();
  const enqueued: string[] = [];
  const rejectedNow = () => reports.filter((r) => r.kind === 'rejected').length;
  const writeRows = async (prefix: string, count: number) => {
    for (let i = 0; i < count; i++) {
      const id = `${prefix}-${String(enqueued.length).padStart(6, '0')}`;
      db.apiRequests.create({ id, model: 'disk-full', status: 'success', response_time: 12, request_body: bodyOf(id) });
      enqueued.push(id);
    }
    await db.apiRequests.flush();
  };
  try {
    const started = performance.now();
    while (rejectedNow() === 0 && enqueued.length < MAX_ROWS) await writeRows('before', BATCH);
    const fullAfterMs = performance.now() - started;
    const firstRejected = rejectedNow();
    check(
      firstRejected > 0,
      `the disk filled up (after ${enqueued.length} rows, ${(fullAfterMs / 1000).toFixed(1)} s; ` +
        `file ${kib(statSync(path).size)} + WAL, ${kib(disk.freeBytes())} free)`,
    );
    // The disk stays full: one more batch, then the rest of the API.
    await writeRows('full', BATCH);
    const rejected = reports.flatMap((r) => (r.kind === 'rejected' ? [r] : []));
    const codes = new Map<string, number>();
    for (const r of reports) {
      const key = r.kind === 'rejected' || r.kind === 'retrying' || r.kind === 'lost' ? `${r.kind} ${r.code}` : r.kind;
      codes.set(key, (codes.get(key) ?? 0) + 1);
    }
    console.log(
      `  writer reports: ${JSON.stringify(Object.fromEntries(codes))}; stats ${JSON.stringify(db.logWriterStats())}`,
    );
    console.log(`  report message: "${rejected[0]?.message ?? '(none)'}"`);
    check(
      rejected.length > 0 && rejected.every((r) => r.code === 'DATA_DOES_NOT_FIT'),
      'every row that did not fit is reported as DATA_DOES_NOT_FIT',
    );
    check(
      reports.every((r) => r.kind === 'rejected'),
      'nothing else was reported (no retry loop, no buffer-full, no loss)',
    );
    check(
      rejected.every((r) => /disk .*full/i.test(r.message)),
      'the message says the disk is full',
    );

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
      directWrite === 'written' || directWrite.startsWith('DATA_DOES_NOT_FIT: '),
      'a direct write fails with DATA_DOES_NOT_FIT (or fits)',
    );
    const health = await db.health();
    const page = await db.apiRequests.getAll({ pageSize: 1 });
    check(
      health.ok && page.total === enqueued.length - rejected.length,
      `reads still work while full (health ok, ${page.total} rows counted)`,
    );

    disk.removeFiller('filler.bin');
    console.log(`  filler deleted: ${kib(disk.freeBytes())} free; ${fileSizes(path)}`);
    const before = rejectedNow();
    const afterStart = enqueued.length;
    await writeRows('after', ROWS_AFTER_FREEING);
    check(
      rejectedNow() === before,
      `after freeing space ${ROWS_AFTER_FREEING} new rows are written (rejected ${rejectedNow() - before})`,
    );
    const everything = [...reports.map((r) => JSON.stringify(r)), ...lines, directWrite].join('\n');
    check(
      !everything.includes(SECRET) && !everything.includes('xxxxxxxx'),
      'no report, log line or error quotes a row value (secret)',
    );
    for (const r of reports) if (r.kind === 'rejected') rejectedIds.add(r.rowId);
    console.log(`  after: ${fileSizes(path)}, ${kib(disk.freeBytes())} free`);
    console.log(
      `  rows: ${enqueued.length} enqueued, ${rejectedIds.size} rejected, ${enqueued.length - afterStart} after freeing`,
    );
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
    const expected = enqueued.filter((id) => !rejectedIds.has(id));
    const missing = expected.filter((id) => !stored.has(id));
    const changed = expected.filter((id) => stored.has(id) && stored.get(id) !== bodyOf(id));
    const unexpected = [...rejectedIds].filter((id) => stored.has(id));
    check(
      missing.length === 0 && changed.length === 0,
      `every row not reported is on disk, byte-exact (${expected.length - missing.length - changed.length}/${expected.length})`,
    );
    check(
      unexpected.length === 0 && stored.size === expected.length,
      `no rejected row half-written (${stored.size} rows on disk)`,
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
