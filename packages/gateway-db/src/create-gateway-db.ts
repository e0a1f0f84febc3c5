/**
 * `createGatewayDb(options?)`: opens the store (SQLite file, or MySQL pool creating the database when missing),
 * applies pending migrations, runs the legacy import hook, and returns the repositories with the life cycle.
 */
import { join } from 'node:path';
import {
  describeConfig,
  type GatewayDbConfig,
  type GatewayDbConfigInput,
  loadConfig,
  type StoreConfig,
} from '@gateway-db/core/config.js';
import type { Env } from '@gateway-db/core/config-values.js';
import type { ReplicaHealth } from '@gateway-db/core/dialect/mysql/replicas/replica-node.js';
import { ReplicaReadExecutor } from '@gateway-db/core/dialect/mysql/replicas/replica-reads.js';
import { ReplicaSet } from '@gateway-db/core/dialect/mysql/replicas/replica-set.js';
import { observingQueries, type QueryEvent } from '@gateway-db/core/dialect/query-events.js';
import type { SqlExecutor } from '@gateway-db/core/dialect/sql-executor.js';
import { SqliteReadWorker } from '@gateway-db/core/dialect/sqlite/sqlite-read-worker.js';
import type { StoreExecutor } from '@gateway-db/core/dialect/store-executor.js';
import { trackingWrites } from '@gateway-db/core/dialect/write-tracking.js';
import { isGatewayDbError } from '@gateway-db/core/errors.js';
import { consoleLogger, type GatewayDbLogger } from '@gateway-db/core/logger.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { openStore } from '@gateway-db/core/open-store.js';
import type { MysqlReplicasConfig } from '@gateway-db/core/replica-config.js';
import type { Dialect } from '@gateway-db/schema';
import { type LegacyImporter, runStartupLegacyImport } from './legacy-import-hook.js';
import { refuseLogsLeftInMainStore } from './log-store-guard.js';
import { ApiRequestLogWriter, type ApiRequestLogWriterOptions, type LogWriterStats } from './log-writer.js';
import { limitsForStatementSize } from './log-writer-options.js';
import { logWriterReporter } from './log-writer-reporter.js';
import type { GatewayOrm } from './orm/gateway-orm.js';
import { createOrmContext } from './orm/orm-context.js';
import { createRepositories, type Repositories, type RepositoriesOptions } from './repositories/index.js';
import { RollupBackfill, type RollupBackfillOptions, type RollupStatus } from './rollups/rollup-backfill.js';

export interface CreateGatewayDbOptions extends GatewayDbConfigInput {
  /** A configuration from `loadConfig`; when given, the fields above and the environment are not read. */
  readonly config?: GatewayDbConfig;
  /** Where messages go (never with secrets or row content). Default: console, prefixed `[gateway-db]`. */
  readonly logger?: GatewayDbLogger;
  /** Tuning of the buffered api_requests writer (see log-writer-options.ts for defaults). */
  readonly logWriter?: ApiRequestLogWriterOptions;
  /**
   * The automatic import of the legacy gateway.db (`config.legacyDbPath`) into an empty store. Default: the
   * migrator's `runStartupImport`; `false` turns the import off.
   */
  readonly legacyImporter?: LegacyImporter | false;
  /**
   * The background backfill that rolls up api_requests rows stored before the rollups existed (older stores,
   * legacy imports): tuning, or `false` to leave it to `backfillRollups()`.
   */
  readonly rollupBackfill?: RollupBackfillOptions | false;
  /**
   * SQLite: run dashboard and request-list queries on a second connection in a worker thread, so they never hold
   * the event loop (and every proxied request) while they run. Default true; ignored on MySQL and `:memory:`.
   */
  readonly sqliteReadWorker?: boolean;
  /**
   * Called after every statement with its kind, table, duration and outcome (never its text or values), e.g. for
   * metrics. Must not throw (a throw is ignored). See also `slowQueryMs` / GATEWAY_DB_SLOW_QUERY_MS.
   */
  readonly onQuery?: (event: QueryEvent) => void;
  /** Repository tuning, e.g. `{ apiRequests: { cleanBatchMs: 5 } }` (retention batches). */
  readonly repositories?: RepositoriesOptions;
  /** Environment to read. Default `process.env`. */
  readonly env?: Env;
  /**
   * A `.env` file read under the environment (real variables win). Default: `.env` in the working directory
   * when `env` is not given, none when it is (an explicit environment is taken as complete). `false`: none.
   */
  readonly envFile?: string | false;
}

export interface GatewayDbHealth {
  readonly ok: boolean;
  readonly dialect: Dialect;
  /** Round trip of `SELECT 1`. */
  readonly latencyMs: number;
  /** Why it failed (a GatewayDbError message: no secrets). */
  readonly error?: string;
  /** Each read replica (MYSQL_REPLICA_URLS): state, lag, reads served; absent when none is configured. */
  readonly replicas?: readonly ReplicaHealth[];
  /** The request logs' own store (LOG_DB_URL), when configured; `ok` above is false when it fails too. */
  readonly logStore?: StoreHealth;
  /** Each read replica of the log store (LOG_DB_REPLICA_URLS); absent when none is configured. */
  readonly logReplicas?: readonly ReplicaHealth[];
}

export interface StoreHealth {
  readonly ok: boolean;
  readonly dialect: Dialect;
  readonly latencyMs: number;
  readonly error?: string;
}

/** The repositories and the typed Drizzle client of one scope: the store, or one transaction. */
export interface GatewayDbScope extends Repositories {
  /**
   * The typed Drizzle database of this scope's dialect and the emitted tables, for queries the repositories do
   * not offer (see docs/data-layer.md). Narrow on `orm.dialect` for the precise client type.
   */
  readonly orm: GatewayOrm;
  /**
   * The typed Drizzle database of the store holding api_requests, expert_routing_logs and the rollups: a store of
   * its own with LOG_DB_URL, else the same as `orm`. Outside any transaction of `transaction()`.
   */
  readonly logOrm: GatewayOrm;
}

export interface GatewayDb extends GatewayDbScope {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction with repositories and `orm` bound to it; commits when it resolves, rolls back
   * when it throws. `apiRequests.create` inside still goes to the buffered writer (outside the transaction).
   */
  transaction<T>(fn: (tx: GatewayDbScope) => Promise<T>): Promise<T>;
  health(): Promise<GatewayDbHealth>;
  /** Counters of the buffered api_requests writer. */
  logWriterStats(): LogWriterStats;
  /** Whether every logged request is in the dashboard rollups yet, and whether this process is backfilling. */
  rollupStatus(): Promise<RollupStatus>;
  /**
   * Rolls up every row not rolled up yet, now; resolves when done (the automatic backfill does the same). Retryable
   * errors (a lost connection, a lock) are retried with backoff; rejects on any other error, or with CLOSED when
   * `close()` stops it first.
   */
  backfillRollups(): Promise<void>;
  /**
   * Flushes the buffered api_requests rows, then closes the pool or file. Safe to call twice (the first call's
   * options apply). `flushTimeoutMs`: while the database is unreachable or busy, keep trying to write the buffered
   * rows for up to this many ms (e.g. most of a container's stop grace period) instead of one attempt; rows still
   * unwritten then are reported lost and close() rejects.
   */
  close(options?: { readonly flushTimeoutMs?: number }): Promise<void>;
}

/**
 * Opens and migrates the main store and, with LOG_DB_URL, the request logs' store (the whole schema in each: the
 * other half of the tables stays empty), then runs the legacy import hook. Closes what it opened if any of it fails.
 */
async function openStores(config: GatewayDbConfig, options: CreateGatewayDbOptions, logger: GatewayDbLogger) {
  const opened: StoreExecutor[] = [];
  try {
    const executor = await openStore(config, logger);
    opened.push(executor);
    const logExecutor = config.logStore ? await openStore(config.logStore, logger) : undefined;
    if (logExecutor) opened.push(logExecutor);
    for (const store of opened) await applyMigrations(store, { logger });
    const context = { executor, config, logger, ...(logExecutor ? { logExecutor } : {}) };
    await runStartupLegacyImport(context, options.legacyImporter);
    if (logExecutor) await refuseLogsLeftInMainStore(executor, executor.description);
    return { opened: executor, logOpened: logExecutor };
  } catch (error) {
    for (const store of opened) await store.close().catch(() => undefined);
    throw error;
  }
}

export async function createGatewayDb(options: CreateGatewayDbOptions = {}): Promise<GatewayDb> {
  const logger = options.logger ?? consoleLogger;
  const envFile = options.envFile ?? (options.env ? false : join(process.cwd(), '.env'));
  const config = options.config ?? loadConfig(options, options.env ?? process.env, envFile);
  const { opened, logOpened } = await openStores(config, options, logger);
  logger.info(`opened ${describeConfig(config)}`, { code: 'store.opened', dialect: config.dialect });
  const replicas =
    config.dialect === 'mysql' && config.replicas.servers.length > 0
      ? replicaSet(opened, config.replicas, logger)
      : undefined;
  const logReplicas = logOpened && config.logReplicas ? replicaSet(logOpened, config.logReplicas, logger) : undefined;
  // With replicas, every write through this process is noted: a later read waits for a replica that has it.
  const tracked = replicas ? trackingWrites(opened, () => replicas.noteWrite()) : opened;
  const observe = queryObserver(options.onQuery, config.slowQueryMs, logger);
  const executor = observe ? observingQueries(tracked, observe) : tracked;
  replicas?.start();
  logReplicas?.start();
  // The request logs' store: its own (LOG_DB_URL, with its own replicas if any) or the main one.
  const logTracked = logOpened && logReplicas ? trackingWrites(logOpened, () => logReplicas.noteWrite()) : logOpened;
  const logExecutor = logTracked ? (observe ? observingQueries(logTracked, observe) : logTracked) : executor;
  const logWriter = new ApiRequestLogWriter(logExecutor, {
    onReport: logWriterReporter(logger),
    // On SQLite a batch holds the event loop while it is written: 256 rows kept the loop's p99 delay under a
    // dashboard + cleanup + logging load at 34-41 ms, 512 rows at 49-55 ms (docs/benchmarks.md).
    ...(logExecutor.dialect === 'sqlite' ? { maxBatchRows: 256 } : {}),
    ...limitsForStatementSize(logExecutor.maxStatementBytes),
    ...options.logWriter,
  });
  let closing: Promise<void> | undefined;
  const root = createOrmContext(executor);
  const readWorker = sqliteReadWorker(config, tracked, options, logger);
  // Reads are observed once, here: the primary these executors fall back to is the unobserved one.
  const readExecutor = replicas ? new ReplicaReadExecutor(tracked, replicas) : readWorker;
  const observed = (reader: SqlExecutor) => createOrmContext(observe ? observingQueries(reader, observe) : reader);
  const reads = readExecutor ? observed(readExecutor) : root;
  const logRoot = logOpened ? createOrmContext(logExecutor) : root;
  const logReadWorker =
    logOpened && config.logStore ? sqliteReadWorker(config.logStore, logOpened, options, logger) : undefined;
  const logReader = logTracked && logReplicas ? new ReplicaReadExecutor(logTracked, logReplicas) : logReadWorker;
  const logs = logOpened ? { ctx: logRoot, reads: logReader ? observed(logReader) : logRoot } : undefined;
  const backfillOptions = options.rollupBackfill === false ? { automatic: false } : (options.rollupBackfill ?? {});
  // On SQLite each step holds the event loop: 250 rows held it ~20-30 ms, 1,000 rows up to ~80 ms (benchmarks.md).
  const batchRows = backfillOptions.batchRows ?? (logExecutor.dialect === 'sqlite' ? 250 : 1000);
  const backfill = new RollupBackfill(logRoot, logger, { ...backfillOptions, batchRows });
  if (backfillOptions.automatic !== false) backfill.start();

  // Inside a transaction every read runs on the transaction's connection (it must see its own writes). A log
  // store of its own is not part of the main store's transactions.
  const scope = (ctx: ReturnType<typeof createOrmContext>, readCtx = ctx): GatewayDbScope => ({
    ...createRepositories(ctx, logWriter, options.repositories, readCtx, logs),
    orm: ctx.orm,
    logOrm: logs?.ctx.orm ?? ctx.orm,
  });

  return {
    dialect: executor.dialect,
    ...scope(root, reads),
    transaction: (fn) => root.transaction((tx) => fn(scope(tx))),
    health: async () => {
      const [health, logStore] = await Promise.all([
        checkHealth(executor),
        logOpened ? checkHealth(logOpened) : undefined,
      ]);
      return {
        ...health,
        ...(logStore ? { ok: health.ok && logStore.ok, logStore } : {}),
        ...(replicas ? { replicas: replicas.health() } : {}),
        ...(logReplicas ? { logReplicas: logReplicas.health() } : {}),
      };
    },
    logWriterStats: () => logWriter.stats(),
    rollupStatus: () => backfill.status(),
    backfillRollups: () => backfill.runToCompletion(),
    close: (closeOptions) => {
      const stores = [
        { executor, readWorker },
        ...(logOpened ? [{ executor: logOpened, readWorker: logReadWorker }] : []),
      ];
      const replicaSets = [replicas, logReplicas].filter((set): set is ReplicaSet => set !== undefined);
      closing ??= closeAll(logWriter, backfill, stores, replicaSets, closeOptions?.flushTimeoutMs ?? 0);
      return closing;
    },
  };
}

/** The read replicas of one MySQL store; a replica whose connection cannot be set up is logged and skipped. */
function replicaSet(primary: StoreExecutor, config: MysqlReplicasConfig, logger: GatewayDbLogger): ReplicaSet {
  return new ReplicaSet(
    primary,
    config,
    (error) => {
      logger.warn(
        `a read replica's connection set-up failed: ${error instanceof Error ? error.message : 'unknown error'}`,
        { code: 'replica.connection_failed', ...(isGatewayDbError(error) ? { errorCode: error.code } : {}) },
      );
    },
    logger,
  );
}

/**
 * SQLite: a second connection in a worker thread for the dashboard and list queries of a file store (not
 * `:memory:`, not when `sqliteReadWorker: false`); `primary` answers when the worker cannot.
 */
function sqliteReadWorker(
  store: StoreConfig,
  primary: StoreExecutor,
  options: CreateGatewayDbOptions,
  logger: GatewayDbLogger,
): SqliteReadWorker | undefined {
  if (store.dialect !== 'sqlite' || store.sqlite.path === ':memory:' || options.sqliteReadWorker === false) return;
  return new SqliteReadWorker(primary, { path: store.sqlite.path, busyTimeoutMs: store.sqlite.busyTimeoutMs, logger });
}

/** The statement observer `createGatewayDb` installs: the caller's `onQuery` and the slow-query warning, if any. */
function queryObserver(
  onQuery: ((event: QueryEvent) => void) | undefined,
  slowQueryMs: number,
  logger: GatewayDbLogger,
): ((event: QueryEvent) => void) | undefined {
  if (!onQuery && slowQueryMs <= 0) return undefined;
  return (event) => {
    if (slowQueryMs > 0 && event.durationMs >= slowQueryMs) {
      const where = event.table ? ` on ${event.table}` : '';
      const durationMs = Math.round(event.durationMs);
      logger.warn(`slow query: ${event.kind}${where} took ${durationMs} ms (GATEWAY_DB_SLOW_QUERY_MS=${slowQueryMs})`, {
        code: 'slow_query',
        kind: event.kind,
        ...(event.table ? { table: event.table } : {}),
        durationMs,
        ...(event.errorCode ? { errorCode: event.errorCode } : {}),
      });
    }
    onQuery?.(event);
  };
}

async function checkHealth(executor: StoreExecutor): Promise<StoreHealth> {
  const started = performance.now();
  try {
    await executor.ping();
    return { ok: true, dialect: executor.dialect, latencyMs: performance.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unknown error';
    return { ok: false, dialect: executor.dialect, latencyMs: performance.now() - started, error: message };
  }
}

async function closeAll(
  logWriter: ApiRequestLogWriter,
  backfill: RollupBackfill,
  stores: readonly { executor: StoreExecutor; readWorker: SqliteReadWorker | undefined }[],
  replicaSets: readonly ReplicaSet[],
  flushTimeoutMs: number,
): Promise<void> {
  try {
    await backfill.stop();
    await logWriter.close(flushTimeoutMs);
  } finally {
    for (const set of replicaSets) await set.close();
    for (const { executor, readWorker } of stores) {
      await readWorker?.close();
      await executor.close();
    }
  }
}
