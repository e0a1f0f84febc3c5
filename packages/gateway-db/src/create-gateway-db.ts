/**
 * `createGatewayDb(options?)`: opens the store (SQLite file, or MySQL pool creating the database when missing),
 * applies pending migrations, runs the legacy import hook, and returns the repositories with the life cycle.
 */
import { join } from 'node:path';
import type { Dialect } from '@gateway-db/schema';
import { type GatewayDbConfig, type GatewayDbConfigInput, describeConfig, loadConfig } from './config.js';
import type { Env } from './config-values.js';
import type { StoreExecutor } from './dialect/store-executor.js';
import { type LegacyImporter, runStartupLegacyImport } from './legacy-import-hook.js';
import { type GatewayDbLogger, consoleLogger } from './logger.js';
import { type ApiRequestLogWriterOptions, ApiRequestLogWriter, type LogWriterStats } from './log-writer.js';
import { limitsForStatementSize } from './log-writer-options.js';
import { logWriterReporter } from './log-writer-reporter.js';
import { applyMigrations } from './migrations/apply-migrations.js';
import { openStore } from './open-store.js';
import { type Repositories, createRepositories } from './repositories/index.js';

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
}

export interface GatewayDb extends Repositories {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction with repositories bound to it; commits when it resolves, rolls back when it
   * throws. `apiRequests.create` inside still goes to the buffered writer (outside the transaction).
   */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  health(): Promise<GatewayDbHealth>;
  /** Counters of the buffered api_requests writer. */
  logWriterStats(): LogWriterStats;
  /** Flushes the buffered api_requests rows, then closes the pool or file. Safe to call twice. */
  close(): Promise<void>;
}

async function prepareStore(executor: StoreExecutor, config: GatewayDbConfig, options: CreateGatewayDbOptions, logger: GatewayDbLogger) {
  await applyMigrations(executor, { logger });
  await runStartupLegacyImport({ executor, config, logger }, options.legacyImporter);
}

export async function createGatewayDb(options: CreateGatewayDbOptions = {}): Promise<GatewayDb> {
  const logger = options.logger ?? consoleLogger;
  const envFile = options.envFile ?? (options.env ? false : join(process.cwd(), '.env'));
  const config = options.config ?? loadConfig(options, options.env ?? process.env, envFile);
  const executor = await openStore(config, logger);
  try {
    await prepareStore(executor, config, options, logger);
  } catch (error) {
    await executor.close().catch(() => undefined);
    throw error;
  }
  logger.info(`opened ${describeConfig(config)}`);
  const logWriter = new ApiRequestLogWriter(executor, {
    onReport: logWriterReporter(logger),
    ...limitsForStatementSize(executor.maxStatementBytes),
    ...options.logWriter,
  });
  let closing: Promise<void> | undefined;

  return {
    dialect: executor.dialect,
    ...createRepositories(executor, logWriter),
    transaction: (fn) => executor.transaction((tx) => fn(createRepositories(tx, logWriter))),
    health: () => checkHealth(executor),
    logWriterStats: () => logWriter.stats(),
    close: () => {
      closing ??= closeAll(logWriter, executor);
      return closing;
    },
  };
}

async function checkHealth(executor: StoreExecutor): Promise<GatewayDbHealth> {
  const started = performance.now();
  try {
    await executor.get('SELECT 1 AS ok');
    return { ok: true, dialect: executor.dialect, latencyMs: performance.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unknown error';
    return { ok: false, dialect: executor.dialect, latencyMs: performance.now() - started, error: message };
  }
}

async function closeAll(logWriter: ApiRequestLogWriter, executor: StoreExecutor): Promise<void> {
  try {
    await logWriter.close();
  } finally {
    await executor.close();
  }
}
