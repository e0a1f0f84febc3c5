/**
 * One better-sqlite3 connection with the pragmas gateway-db relies on and a cache of prepared statements.
 * Every call is synchronous; the async surface (and the transaction lock) lives in sqlite-executor.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { GatewayDbError } from '../../errors.js';
import { betterSqlite3 } from '../drivers.js';
import type { RawRow, SqlValue } from '../sql-executor.js';
import { assertWellFormedParams } from '../well-formed-text.js';
import { mapSqliteError } from './sqlite-errors.js';

/** The SQL function every gateway-db SQLite connection has: sha256 of a text's UTF-8 bytes, in hex. */
export const SHA256_FUNCTION = 'gateway_db_sha256';

/**
 * sha256 with a small memo: a dashboard hashes the model of every raw row it reads while holding the event loop,
 * and a gateway's rows repeat a handful of models.
 */
function memoisedSha256(): (value: unknown) => string | null {
  const memo = new Map<string, string>();
  return (value) => {
    if (typeof value !== 'string') return null;
    let digest = memo.get(value);
    if (digest === undefined) {
      digest = createHash('sha256').update(value, 'utf8').digest('hex');
      // Bounded: at most 1,024 strings of at most 1,024 units (a client's model text can be megabytes).
      if (value.length <= 1024) {
        if (memo.size >= 1024) memo.clear();
        memo.set(value, digest);
      }
    }
    return digest;
  };
}

export interface SqliteConnectionOptions {
  /** Path of the database file (its folder is created when missing), or `:memory:`. */
  readonly path: string;
  /** How long (ms) a statement waits for another process's write lock before failing with BUSY. Default 5000. */
  readonly busyTimeoutMs?: number;
  /** How many prepared statements are kept, keyed by SQL text. Default 500. */
  readonly statementCacheSize?: number;
}

type Statement = Database.Statement<unknown[], unknown>;

/** better-sqlite3 refuses booleans; everything else it binds as is. */
function bindable(params: readonly SqlValue[]): unknown[] {
  const out: unknown[] = new Array(params.length);
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    out[i] = typeof value === 'boolean' ? (value ? 1 : 0) : value === undefined ? null : value;
  }
  return out;
}

/**
 * `mkdir -p` for the folder of the file. Not `mkdirSync(..., { recursive: true })`: on Node 20 it loops forever
 * when mkdir answers ENOENT under an existing folder (e.g. /proc), and its raw error would not say what to fix.
 */
function createFolder(folder: string): void {
  if (existsSync(folder)) return;
  const parent = dirname(folder);
  if (parent !== folder) createFolder(parent);
  try {
    mkdirSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    throw new GatewayDbError({
      code: 'CONFIG',
      message: `Cannot create the folder ${folder} for SQLITE_PATH (${code ?? 'error'}): point SQLITE_PATH to a writable folder`,
    });
  }
}

/**
 * `PRAGMA journal_mode = WAL` on a file another process is creating at the same moment can answer SQLITE_BUSY
 * without waiting for the busy timeout (two gateways starting at once on a new file): retry it until the timeout.
 */
function switchToWal(db: Database.Database, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      // A synchronous 20 ms pause: the constructor is synchronous, like better-sqlite3 itself.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

export class SqliteConnection {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Statement>();
  /** Statements in raw mode (rows as arrays): a separate cache, since `raw()` switches a statement's mode. */
  private readonly rawStatements = new Map<string, Statement>();
  private readonly cacheSize: number;

  constructor(options: SqliteConnectionOptions) {
    this.cacheSize = options.statementCacheSize ?? 500;
    if (options.path !== ':memory:') createFolder(dirname(options.path));
    const Driver = betterSqlite3();
    try {
      this.db = new Driver(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
      // 2 KiB pages (only takes effect on a new, empty file): the pages a log flush rewrites at the right edge of
      // the table and its indexes are half the size, which cuts the bytes written per flush by about 12%
      // (docs/benchmarks.md, disk writes); reads of the small hot-path rows do not notice.
      this.db.pragma('page_size = 2048');
      // WAL: readers never block the writer and each commit appends to the log instead of rewriting pages.
      switchToWal(this.db, options.busyTimeoutMs ?? 5000);
      // NORMAL is durable in WAL mode except for the last commits on power loss (not on a process crash).
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      // MySQL's SHA2(text, 256) for the dashboards' model keys (api_request_rollups.model_key).
      this.db.function(SHA256_FUNCTION, { deterministic: true }, memoisedSha256());
    } catch (error) {
      throw mapSqliteError(error);
    }
  }

  private prepare(sql: string, cache = this.statements, raw = false): Statement {
    let statement = cache.get(sql);
    if (statement) return statement;
    statement = this.db.prepare(sql);
    if (raw && statement.reader) statement.raw(true);
    if (cache.size >= this.cacheSize) {
      // Oldest first: the hot statements are prepared early and re-prepared at worst once per eviction cycle.
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(sql, statement);
    return statement;
  }

  /** `get` without the statement cache lookup: the statement is prepared at the first call and kept. */
  preparedGet(sql: string): (params: readonly SqlValue[]) => RawRow | undefined {
    let statement: Statement | undefined;
    return (params) => {
      assertWellFormedParams(params, sql);
      try {
        statement ??= this.prepare(sql);
        // The hot lookups bind one string: no copy of the parameter list for them.
        const only = params.length === 1 ? params[0] : undefined;
        const row = typeof only === 'string' ? statement.get(only) : statement.get(...bindable(params));
        return row as RawRow | undefined;
      } catch (error) {
        throw mapSqliteError(error, sql);
      }
    };
  }

  values(sql: string, params: readonly SqlValue[]): unknown[][] {
    assertWellFormedParams(params, sql);
    try {
      const statement = this.prepare(sql, this.rawStatements, true);
      if (!statement.reader) {
        statement.run(...bindable(params));
        return [];
      }
      return statement.all(...bindable(params)) as unknown[][];
    } catch (error) {
      throw mapSqliteError(error, sql);
    }
  }

  all(sql: string, params: readonly SqlValue[]): RawRow[] {
    assertWellFormedParams(params, sql);
    try {
      const statement = this.prepare(sql);
      if (!statement.reader) {
        statement.run(...bindable(params));
        return [];
      }
      return statement.all(...bindable(params)) as RawRow[];
    } catch (error) {
      throw mapSqliteError(error, sql);
    }
  }

  get(sql: string, params: readonly SqlValue[]): RawRow | undefined {
    assertWellFormedParams(params, sql);
    try {
      const statement = this.prepare(sql);
      if (!statement.reader) {
        statement.run(...bindable(params));
        return undefined;
      }
      return statement.get(...bindable(params)) as RawRow | undefined;
    } catch (error) {
      throw mapSqliteError(error, sql);
    }
  }

  run(sql: string, params: readonly SqlValue[]): { changes: number } {
    assertWellFormedParams(params, sql);
    try {
      return { changes: this.prepare(sql).run(...bindable(params)).changes };
    } catch (error) {
      throw mapSqliteError(error, sql);
    }
  }

  /** Runs SQL without parameters or caching (transaction control, DDL). */
  exec(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (error) {
      throw mapSqliteError(error, sql);
    }
  }

  close(): void {
    this.statements.clear();
    this.rawStatements.clear();
    if (this.db.open) this.db.close();
  }
}
