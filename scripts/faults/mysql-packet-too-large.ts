/**
 * Fault: one row larger than MySQL's `max_allowed_packet`.
 *
 *   MYSQL_HOST=127.0.0.1 MYSQL_USER=root npx tsx --conditions=source scripts/faults/mysql-packet-too-large.ts [--rows 200]
 *
 * On a new `gwfault_*` database (dropped at the end) of the MYSQL_URL / MYSQL_HOST server. The server's setting is
 * not changed (other engineers share it): the giant values are simply 1 MiB larger than its max_allowed_packet.
 * 1. `apiRequests.create`: `--rows` normal rows with one giant row in the middle. The giant row is reported as
 *    DATA_DOES_NOT_FIT (row id and sizes, no content); every other row is written; the pool still works.
 * 2. `expertRoutingLogs.create` with a giant `original_request`: a GatewayDbError (no content in its message), no
 *    crash; the pool still serves 20 parallel statements and normal rows afterwards.
 * Prints what it measured; exits non-zero on failure. Bounded: `--timeout-seconds` (default 90).
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createGatewayDb, type GatewayDb, isGatewayDbError, type LogWriterReport } from 'gateway-db';
import mysql from 'mysql2/promise';
import { mysqlServer } from '../load/load-store.js';
import { faultChecks, runFaultScript } from './run-fault-script.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '200' },
    'timeout-seconds': { type: 'string', default: '90' },
  },
});
const normalRows = Math.min(100_000, Math.max(2, Number(values.rows)));
const timeoutSeconds = Math.min(600, Math.max(10, Number(values['timeout-seconds'])));
const MiB = 1024 * 1024;
const SECRET = `sk-packet-${randomBytes(16).toString('hex')}`;
const MARKER = 'GIANT-CONTENT-';

const server = mysqlServer();
const database = `gwfault_packet_${Date.now().toString(36)}_${process.pid}`;

const { failures, check } = faultChecks();
const mib = (bytes: number) => `${(bytes / MiB).toFixed(2)} MiB`;

/** A value of `bytes` bytes that starts with the secret and repeats a recognisable marker. */
function giantText(bytes: number): string {
  const head = `{"api_key":"${SECRET}","content":"`;
  return `${head}${MARKER.repeat(Math.ceil(bytes / MARKER.length)).slice(0, bytes - head.length - 2)}"}`;
}

const quotesContent = (text: string) => text.includes(SECRET) || text.includes(MARKER);

async function countRows(sql: string): Promise<number> {
  const connection = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database,
  });
  try {
    const [rows] = await connection.query(sql);
    return Number((rows as { n: number }[])[0]?.n ?? 0);
  } finally {
    await connection.end();
  }
}

/** 20 statements at once (more than the pool's 10 connections) and a normal write: the pool works. */
async function poolWorks(db: GatewayDb): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  try {
    const healths = await Promise.all(Array.from({ length: 20 }, () => db.health()));
    await db.systemConfig.set('packet_probe', `ok ${Date.now()}`);
    const failed = healths.filter((h) => !h.ok);
    const ok = failed.length === 0 && (await db.systemConfig.get('packet_probe')) !== undefined;
    return {
      ok,
      ms: performance.now() - started,
      ...(failed.length > 0 ? { error: `${failed.length}/20 health checks failed: ${failed[0]?.error}` } : {}),
    };
  } catch (error) {
    return {
      ok: false,
      ms: performance.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

async function dropDatabase(): Promise<void> {
  const admin = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
  });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await admin.end();
  }
}

async function main(): Promise<void> {
  const lines: string[] = [];
  const reports: LogWriterReport[] = [];
  let db: GatewayDb | undefined;
  try {
    db = await createGatewayDb({
      dialect: 'mysql',
      legacyImporter: false,
      env: {},
      mysql: {
        host: server.host,
        port: server.port,
        user: server.user,
        password: server.password,
        database,
        pool: { connectionLimit: 10 },
      },
      logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) },
      logWriter: { onReport: (report) => reports.push(report) },
    });
    const packet = await countRows('SELECT @@max_allowed_packet AS n');
    const giantBytes = packet + MiB;
    console.log(
      `fault: one row larger than max_allowed_packet (${mib(packet)}) on ${server.host}:${server.port}/${database}`,
    );

    console.log(
      `-- apiRequests.create: ${normalRows} normal rows and one giant row of ${mib(giantBytes)} in the middle`,
    );
    const ids: string[] = [];
    const giantId = `giant-${randomBytes(4).toString('hex')}`;
    const started = performance.now();
    for (let i = 0; i < normalRows; i++) {
      if (i === Math.floor(normalRows / 2))
        db.apiRequests.create({ id: giantId, model: 'packet', status: 'success', request_body: giantText(giantBytes) });
      const id = `normal-${String(i).padStart(6, '0')}`;
      db.apiRequests.create({
        id,
        model: 'packet',
        status: 'success',
        response_time: 10,
        request_body: `{"api_key":"${SECRET}","n":${i}}`,
      });
      ids.push(id);
    }
    await db.apiRequests.flush();
    const flushMs = performance.now() - started;
    const rejected = reports.flatMap((r) => (r.kind === 'rejected' ? [r] : []));
    console.log(`  writer reports: ${JSON.stringify(reports)}`);
    console.log(`  stats ${JSON.stringify(db.logWriterStats())}; enqueue + flush took ${flushMs.toFixed(0)} ms`);
    check(
      rejected.length === 1 && rejected[0]?.rowId === giantId && rejected[0].code === 'DATA_DOES_NOT_FIT',
      'the giant row (only it) is reported as DATA_DOES_NOT_FIT',
    );
    check(
      reports.every((r) => r.kind === 'rejected'),
      'nothing else reported (no retry, no loss)',
    );
    const stored = await countRows("SELECT COUNT(*) AS n FROM `api_requests` WHERE `id` LIKE 'normal-%'");
    const giantStored = await countRows(`SELECT COUNT(*) AS n FROM \`api_requests\` WHERE \`id\` = '${giantId}'`);
    check(
      stored === normalRows && giantStored === 0,
      `every other row is written (${stored}/${normalRows}; giant row stored: ${giantStored})`,
    );
    const afterWriter = await poolWorks(db);
    check(
      afterWriter.ok,
      `the pool still works (20 parallel statements + a write in ${afterWriter.ms.toFixed(0)} ms)${afterWriter.error ? `: ${afterWriter.error}` : ''}`,
    );

    console.log(`-- expertRoutingLogs.create with an original_request of ${mib(giantBytes)}`);
    const config = await db.expertRoutingConfigs.create({ name: 'packet fault', config: '{}' });
    const logRow = (originalRequest: string) => ({
      expert_routing_id: config.id,
      request_hash: 'h',
      classifier_model: 'm',
      classification_result: 'code',
      selected_expert_id: 'e',
      selected_expert_type: 'model',
      selected_expert_name: 'expert',
      classification_time: 5,
      original_request: originalRequest,
    });
    let outcome = 'created (no error)';
    const giantStarted = performance.now();
    try {
      await db.expertRoutingLogs.create(logRow(giantText(giantBytes)));
    } catch (error) {
      outcome = isGatewayDbError(error)
        ? `${error.code}: ${error.message}`
        : `not a GatewayDbError: ${error instanceof Error ? error.message : String(error)}`;
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
      if (cause)
        console.log(`  cause: ${cause.name} ${(cause as { code?: string }).code ?? ''} ${cause.message.slice(0, 200)}`);
    }
    console.log(`  error after ${(performance.now() - giantStarted).toFixed(0)} ms: ${outcome}`);
    check(
      /^(DATA_DOES_NOT_FIT|QUERY): /.test(outcome),
      'a GatewayDbError saying the value does not fit (not a lost-connection error)',
    );
    check(/max_allowed_packet/.test(outcome), 'the message names max_allowed_packet');
    check(
      !quotesContent([outcome, ...lines, ...reports.map((r) => JSON.stringify(r))].join('\n')),
      'no error, report or log line quotes the content (secret)',
    );
    const afterGiant = await poolWorks(db);
    check(
      afterGiant.ok,
      `the pool still works afterwards (${afterGiant.ms.toFixed(0)} ms)${afterGiant.error ? `: ${afterGiant.error}` : ''}`,
    );
    await db.expertRoutingLogs.create(logRow('{"messages":[]}'));
    const logs = await countRows('SELECT COUNT(*) AS n FROM `expert_routing_logs`');
    check(logs === 1, `a normal expert routing log is written afterwards (${logs} row; the giant one absent)`);
  } finally {
    await db?.close().catch((error: unknown) => console.error(`  close failed: ${String(error)}`));
    await dropDatabase();
  }
}

// Timed out or stopped (CI's timeout, Ctrl-C): still drop the database, within 10 s.
let abandoned = false;
function abandon(why: string, code: number): void {
  if (abandoned) return;
  abandoned = true;
  console.error(`FAIL: ${why}`);
  setTimeout(() => process.exit(code), 10_000).unref();
  void dropDatabase()
    .catch(() => undefined)
    .finally(() => process.exit(code));
}
const watchdog = setTimeout(() => abandon(`timed out after ${timeoutSeconds} s`, 1), timeoutSeconds * 1000);
watchdog.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => abandon(`stopped by ${signal}`, 130));

runFaultScript(main, failures);
