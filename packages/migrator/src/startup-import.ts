/**
 * The automatic import at gateway start-up, installed into gateway-db as its legacy importer:
 * `createGatewayDb({ legacyImporter: runStartupImport })`. Same code path and log lines as `pnpm migrate`.
 * - no legacy file: nothing to do (said in the log);
 * - the store already holds data (a finished import or live data): nothing to do, and says why;
 * - the store is empty: imports, verified;
 * - the store holds the leftovers of an interrupted import of this same file (unchanged): starts over, verified;
 *   of another source, or of this file before it changed: refuses and says what to run (never wipes them).
 * Several processes starting at once: the import lock makes one import and the others find the store filled.
 * With a log store (`config.logStore`, LOG_DB_URL, and `context.logExecutor`) the file goes into both stores, the
 * request logs into the log store (store-parts.ts), by the same rules judged on both: the import runs only when
 * neither holds data, and an unfinished import in either is started over or refused.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { GatewayDbError, type GatewayDbErrorCode, type LegacyImportContext, type StoreConfig } from '@gateway-db/core';
import { describeEndpoint, type Endpoint } from './endpoint.js';
import { isMigrationError, type MigrationErrorCode } from './errors.js';
import { executorRunner, readUnfinishedMarker } from './import-state.js';
import { withMigrationPrefix } from './logger.js';
import { migrate } from './migrate.js';
import { planTables } from './plan.js';
import { logProgress } from './progress.js';
import type { StoreClient } from './store-client.js';
import { plansOfPart, runMarkerName, type StorePart } from './store-parts.js';
import { decideTargetAction } from './target-state.js';

export interface StartupImportOptions {
  /** Where the backup of the legacy file goes. Default `backup/` beside it (`./data/backup`). */
  readonly backupDir?: string;
  /** Seconds a second starting process waits for the first one's import. Default 600. */
  readonly lockTimeoutSeconds?: number;
}

function storeEndpoint(config: StoreConfig): Endpoint {
  return config.dialect === 'sqlite'
    ? { dialect: 'sqlite', path: resolve(config.sqlite.path) }
    : { dialect: 'mysql', mysql: config.mysql };
}

/** The stores the file goes into: the main store, and the log store when one is configured and open. */
interface StartupStores {
  readonly to: Endpoint;
  readonly logTo?: Endpoint;
  /** Each store with the part it receives (`all` without a log store). */
  readonly parts: readonly { readonly part: StorePart; readonly client: StoreClient; readonly endpoint: Endpoint }[];
}

function startupStores(context: LegacyImportContext): StartupStores {
  const to = storeEndpoint(context.config);
  const main = executorRunner(context.executor);
  const logStore = context.config.logStore;
  if (logStore === undefined || context.logExecutor === undefined)
    return { to, parts: [{ part: 'all', client: main, endpoint: to }] };
  const logTo = storeEndpoint(logStore);
  return {
    to,
    logTo,
    parts: [
      { part: 'config', client: main, endpoint: to },
      { part: 'logs', client: executorRunner(context.logExecutor), endpoint: logTo },
    ],
  };
}

/**
 * The code createGatewayDb fails with: the store's own trouble keeps its code (retrying may help), another
 * import holding the lock is BUSY, and anything about the data is LEGACY_FILE (the file cannot be imported).
 */
function gatewayCode(code: MigrationErrorCode): GatewayDbErrorCode {
  switch (code) {
    case 'CONFIG':
    case 'CONNECTION':
    case 'BUSY':
    case 'CLOSED':
      return code;
    case 'CONFLICT':
      return 'BUSY';
    default:
      return 'LEGACY_FILE';
  }
}

/**
 * An import that died half way leaves its marker in the store. With the legacy file there, the import simply starts
 * over; without it, serving would mean serving half the data and writing new rows among the leftovers, so the
 * gateway refuses to open and says how to finish the move.
 */
async function refuseUnfinishedImport(stores: StartupStores, legacyPath: string): Promise<void> {
  for (const { client, endpoint } of stores.parts) {
    // A marker of any part counts: a whole-store import, or the config or log part of a split one.
    if ((await readUnfinishedMarker(client)) === undefined) continue;
    throw new GatewayDbError({
      code: 'LEGACY_FILE',
      message:
        `The store ${describeEndpoint(endpoint)} holds an unfinished import and the legacy file ${legacyPath} is ` +
        'gone: put the file back and restart (the import starts over), or run `pnpm migrate --replace` from the ' +
        'source you want',
    });
  }
}

/**
 * The usual restart: the stores already hold the import (or live data); with a log store, data in either is
 * enough (importing only the other part would mix the file's rows with live ones). The note to log, or undefined
 * when migrate() must decide, under the import lock.
 */
async function alreadyFilled(stores: StartupStores): Promise<string | undefined> {
  const all = planTables();
  const notes: string[] = [];
  for (const { part, client, endpoint } of stores.parts) {
    const unfinished = await readUnfinishedMarker(client);
    // E.g. a whole-store import interrupted before LOG_DB_URL was set: no part of this import would clear it up.
    if (unfinished !== undefined && unfinished.name !== runMarkerName(part)) {
      throw new GatewayDbError({
        code: 'LEGACY_FILE',
        message:
          `The store ${describeEndpoint(endpoint)} holds an unfinished import of ${unfinished.name === '_run' ? 'a whole store' : 'another part'} ` +
          `from ${unfinished.source}; nothing was changed. Run \`pnpm migrate --replace\` from the source you want ` +
          '(with --log-to for the log store)',
      });
    }
    const decision = await decideTargetAction(client, plansOfPart(all, part), {
      resume: false,
      replace: false,
      onlyIfEmpty: true,
      targetName: describeEndpoint(endpoint),
      runMarker: runMarkerName(part),
    });
    // Leftovers of an unfinished import go to migrate(), which starts over or refuses.
    if (decision.action === 'start-over') return undefined;
    if (decision.action === 'skip') notes.push(decision.note);
  }
  return notes.length > 0 ? notes.join('; ') : undefined;
}

/** A `LegacyImporter` for `createGatewayDb({ legacyImporter: runStartupImport })`. */
export async function runStartupImport(
  context: LegacyImportContext,
  options: StartupImportOptions = {},
): Promise<void> {
  const legacyPath = resolve(context.config.legacyDbPath);
  const logger = withMigrationPrefix(context.logger);
  const stores = startupStores(context);
  if (!existsSync(legacyPath)) {
    await refuseUnfinishedImport(stores, legacyPath);
    logger.info(`未找到旧数据库 ${legacyPath}: 无需迁移`, { code: 'legacy_import.not_found' });
    return;
  }
  // Decided on the stores gateway-db has just opened and migrated, so a restart opens no second connection pool
  // and re-runs no schema migration.
  const filled = await alreadyFilled(stores);
  if (filled !== undefined) {
    logger.info(filled, { code: 'legacy_import.skipped' });
    return;
  }
  const { to, logTo } = stores;
  const targets = logTo ? `${describeEndpoint(to)}, 请求日志 ${describeEndpoint(logTo)}` : describeEndpoint(to);
  logger.info(`发现旧数据库 ${legacyPath}, 目标 ${targets}`, { code: 'legacy_import.found', dialect: to.dialect });
  try {
    await migrate({
      from: `sqlite:${legacyPath}`,
      to,
      ...(logTo ? { logTo } : {}),
      onlyIfEmpty: true,
      startOverOnlyFromSameSource: true,
      lockTimeoutSeconds: options.lockTimeoutSeconds ?? 600,
      ...(options.backupDir !== undefined ? { backupDir: options.backupDir } : {}),
      logger,
      progress: logProgress(logger),
    });
  } catch (error) {
    if (!isMigrationError(error)) throw error;
    throw new GatewayDbError({ code: gatewayCode(error.code), message: error.message, cause: error });
  }
}
