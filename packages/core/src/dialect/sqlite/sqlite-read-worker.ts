/**
 * Heavy SQLite reads (dashboards, request lists) on a connection of their own in a worker thread. better-sqlite3
 * is synchronous: on the gateway's connection a 30 ms dashboard query holds the event loop, and every proxied
 * request with it, for 30 ms. In a worker it runs beside the loop (WAL lets a reader run while the writer
 * commits), and the loop only waits for the result message.
 *
 * It is an executor for reads only: `all`, `get`, `values` of SELECTs go to the worker; anything else (writes,
 * transactions, the hot-path `prepareGet`) stays on the main executor. Each statement sees what was committed
 * when it started, as on the main connection (the log writer's buffered rows are not committed yet either way).
 * If the worker cannot start or dies, reads go back to the main executor (said once in the log), never fail for it.
 *
 * It also takes over the WAL checkpoints: while it runs, the main connection's automatic checkpoint is off and the
 * worker checkpoints every second (PASSIVE: it never waits for the writer). If it dies, the main connection's
 * automatic checkpoint is switched back on, so the WAL never grows unchecked.
 */
import { Worker } from 'node:worker_threads';
import { GatewayDbError } from '../../errors.js';
import type { GatewayDbLogger } from '../../logger.js';
import { betterSqlite3Path } from '../drivers.js';
import type { RawRow, SqlExecutor, SqlValue } from '../sql-executor.js';
import { assertWellFormedParams } from '../well-formed-text.js';
import { SHA256_FUNCTION } from './sqlite-connection.js';
import { mapSqliteError } from './sqlite-errors.js';

type ReadKind = 'all' | 'get' | 'values';

/** How often the worker checkpoints the WAL. */
const CHECKPOINT_EVERY_MS = 1_000;
/** SQLite's default, restored on the main connection when the worker is gone. */
const MAIN_AUTOCHECKPOINT_PAGES = 1_000;

interface Pending {
  readonly kind: ReadKind;
  readonly sql: string;
  readonly params: readonly SqlValue[];
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * The worker's code, plain CommonJS evaluated by `new Worker(..., { eval: true })`: no file to locate next to
 * the compiled or the TypeScript sources, nothing to transpile. It opens the same file with `query_only`, registers
 * the same sha256 function as the main connection (a copy of sqlite-connection.ts's memoisedSha256: code
 * evaluated in a worker cannot import the TypeScript module), caches prepared statements, and answers one message per query.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path, { fileMustExist: true, timeout: workerData.busyTimeoutMs });
db.pragma('query_only = 1');
const memo = new Map();
db.function(workerData.sha256Function, { deterministic: true }, (value) => {
  if (typeof value !== 'string') return null;
  let digest = memo.get(value);
  if (digest === undefined) {
    digest = createHash('sha256').update(value, 'utf8').digest('hex');
    if (value.length <= 1024) {
      if (memo.size >= 1024) memo.clear();
      memo.set(value, digest);
    }
  }
  return digest;
});
// WAL checkpoints run here, between reads: on the main connection SQLite runs them inside a COMMIT (copying up to
// 1,000 pages and syncing the file), which held the gateway's event loop 10-20 ms at a time under load.
if (workerData.checkpointEveryMs > 0) {
  setInterval(() => {
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {}
  }, workerData.checkpointEveryMs);
}
const caches = { rows: new Map(), raw: new Map() };
function statement(sql, raw) {
  const cache = raw ? caches.raw : caches.rows;
  let found = cache.get(sql);
  if (found) return found;
  found = db.prepare(sql);
  if (!found.reader) throw Object.assign(new Error('the read worker runs SELECT statements only'), { code: 'GATEWAY_DB_NOT_A_READ' });
  if (raw) found.raw(true);
  if (cache.size >= 200) cache.delete(cache.keys().next().value);
  cache.set(sql, found);
  return found;
}
const bindable = (params) => params.map((value) => (value instanceof Uint8Array && !Buffer.isBuffer(value) ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value));
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  const { id, kind, sql, params } = message;
  try {
    const prepared = statement(sql, kind === 'values');
    const result = kind === 'get' ? prepared.get(...bindable(params)) : prepared.all(...bindable(params));
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

/** Buffers arrive from the worker as plain Uint8Arrays (structured clone): make them Buffers again. */
function asBuffers(value: unknown): unknown {
  if (value instanceof Uint8Array && !Buffer.isBuffer(value)) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  if (Array.isArray(value)) return value.map(asBuffers);
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const row = value as Record<string, unknown>;
    for (const key of Object.keys(row)) row[key] = asBuffers(row[key]);
  }
  return value;
}

export interface SqliteReadWorkerOptions {
  /** The SQLite file the main connection has open (in WAL mode). */
  readonly path: string;
  readonly busyTimeoutMs?: number;
  readonly logger?: GatewayDbLogger;
}

export class SqliteReadWorker implements SqlExecutor {
  readonly dialect = 'sqlite' as const;
  private worker: Worker | undefined;
  private broken = false;
  private closed = false;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(
    /** Where everything else goes, and reads too once the worker is gone. */
    private readonly main: SqlExecutor,
    private readonly options: SqliteReadWorkerOptions,
  ) {}

  all(sql: string, params: readonly SqlValue[] = []): Promise<RawRow[]> {
    return this.read('all', sql, params, () => this.main.all(sql, params)) as Promise<RawRow[]>;
  }

  get(sql: string, params: readonly SqlValue[] = []): Promise<RawRow | undefined> {
    return this.read('get', sql, params, () => this.main.get(sql, params)) as Promise<RawRow | undefined>;
  }

  values(sql: string, params: readonly SqlValue[] = []): Promise<unknown[][]> {
    return this.read('values', sql, params, () => this.main.values(sql, params)) as Promise<unknown[][]>;
  }

  prepareGet<T>(sql: string, decode: (raw: RawRow) => T): (params: readonly SqlValue[]) => Promise<T | undefined> {
    return this.main.prepareGet(sql, decode);
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.main.run(sql, params);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.main.transaction(fn);
  }

  /** Stops the worker; the main executor is closed by its owner. Reads waiting for the worker fail with CLOSED. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failPending(new GatewayDbError({ code: 'CLOSED', message: 'The store was closed during a read' }));
    if (worker) await worker.terminate();
  }

  private read(kind: ReadKind, sql: string, params: readonly SqlValue[], fallback: () => Promise<unknown>) {
    if (this.closed)
      return Promise.reject(new GatewayDbError({ code: 'CLOSED', message: 'The SQLite store is closed' }));
    // Only SELECTs: a statement that writes must run on the main connection, inside its transaction lock.
    if (this.broken || !/^\s*(select|with)\b/i.test(sql)) return fallback();
    try {
      assertWellFormedParams(params, sql);
    } catch (error) {
      return Promise.reject(error);
    }
    const worker = this.started();
    if (!worker) return fallback();
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { kind, sql, params, resolve, reject });
      // Kept alive only while a read is waiting: an idle worker never holds the process open.
      if (this.pending.size === 1) worker.ref();
      const bound = params.map((value) => (typeof value === 'boolean' ? (value ? 1 : 0) : value));
      worker.postMessage({ id, kind, sql, params: bound });
    });
  }

  private started(): Worker | undefined {
    if (this.worker) return this.worker;
    try {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          path: this.options.path,
          busyTimeoutMs: this.options.busyTimeoutMs ?? 5000,
          sha256Function: SHA256_FUNCTION,
          checkpointEveryMs: CHECKPOINT_EVERY_MS,
          driverPath: betterSqlite3Path(),
        },
      });
      worker.unref();
      worker.on('message', (message: { id: number; result?: unknown; error?: { message: string; code?: string } }) =>
        this.settle(message),
      );
      worker.on('error', (error) => this.giveUp(error));
      worker.on('exit', (code) => {
        if (!this.closed) this.giveUp(new Error(`exited with code ${code}`));
      });
      this.worker = worker;
      this.setMainCheckpoints(0);
      return worker;
    } catch (error) {
      this.giveUp(error);
      return undefined;
    }
  }

  private settle({ id, result, error }: { id: number; result?: unknown; error?: { message: string; code?: string } }) {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
    if (error)
      pending.reject(mapSqliteError(Object.assign(new Error(error.message), { code: error.code }), pending.sql));
    else pending.resolve(asBuffers(result));
  }

  /** The worker failed: waiting reads run on the main connection, and so does every later read. */
  private giveUp(error: unknown): void {
    if (this.broken) return;
    this.broken = true;
    this.worker = undefined;
    this.setMainCheckpoints(MAIN_AUTOCHECKPOINT_PAGES);
    const reason = error instanceof Error ? error.message : 'unknown error';
    this.options.logger?.warn(
      `the SQLite read worker stopped (${reason}); dashboard reads run on the main connection`,
      {
        code: 'read_worker.stopped',
        dialect: 'sqlite',
      },
    );
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { kind, sql, params, resolve, reject } of waiting) this.main[kind](sql, params).then(resolve, reject);
  }

  /** The main connection's automatic checkpoint (pages; 0 = off). A failure leaves SQLite's own default. */
  private setMainCheckpoints(pages: number): void {
    this.main.all(`PRAGMA wal_autocheckpoint = ${pages}`).catch(() => undefined);
  }

  private failPending(error: unknown): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const { reject } of waiting) reject(error);
  }
}
