/**
 * The automatic import at gateway start-up, installed into gateway-db as its legacy importer:
 * `createGatewayDb({ legacyImporter: runStartupImport })`. Same code path and log lines as `pnpm migrate`.
 * - no legacy file: nothing to do (said in the log);
 * - the store already holds data (a finished import or live data): nothing to do, and says why;
 * - the store is empty: imports, verified;
 * - the store holds the leftovers of an interrupted import of this same file (unchanged): starts over, verified;
 *   of another source, or of this file before it changed: refuses and says what to run (never wipes them).
 * Several processes starting at once: the import lock makes one import and the others find the store filled.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type GatewayDbConfig,
  GatewayDbError,
  type GatewayDbErrorCode,
  type LegacyImportContext,
} from '@gateway-db/core';
import { describeEndpoint, type Endpoint } from './endpoint.js';
import { isMigrationError, type MigrationErrorCode } from './errors.js';
import { executorRunner, readRunMarker } from './import-state.js';
import { withMigrationPrefix } from './logger.js';
import { migrate } from './migrate.js';
import { planTables } from './plan.js';
import { logProgress } from './progress.js';
import { decideTargetAction } from './target-state.js';

export interface StartupImportOptions {
  /** Where the backup of the legacy file goes. Default `backup/` beside it (`./data/backup`). */
  readonly backupDir?: string;
  /** Seconds a second starting process waits for the first one's import. Default 600. */
  readonly lockTimeoutSeconds?: number;
}

function storeEndpoint(config: GatewayDbConfig): Endpoint {
  return config.dialect === 'sqlite'
    ? { dialect: 'sqlite', path: resolve(config.sqlite.path) }
    : { dialect: 'mysql', mysql: config.mysql };
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
async function refuseUnfinishedImport(context: LegacyImportContext, legacyPath: string): Promise<void> {
  const marker = await readRunMarker(executorRunner(context.executor));
  if (marker === undefined || marker.state === 'verified') return;
  throw new GatewayDbError({
    code: 'LEGACY_FILE',
    message:
      `The store holds an unfinished import and the legacy file ${legacyPath} is gone: put the file back and ` +
      'restart (the import starts over), or run `pnpm migrate --replace` from the source you want',
  });
}

/** A `LegacyImporter` for `createGatewayDb({ legacyImporter: runStartupImport })`. */
export async function runStartupImport(
  context: LegacyImportContext,
  options: StartupImportOptions = {},
): Promise<void> {
  const legacyPath = resolve(context.config.legacyDbPath);
  const logger = withMigrationPrefix(context.logger);
  if (!existsSync(legacyPath)) {
    await refuseUnfinishedImport(context, legacyPath);
    logger.info(`未找到旧数据库 ${legacyPath}: 无需迁移`);
    return;
  }
  const to = storeEndpoint(context.config);
  // The usual restart: the store already holds the import (or live data). Decided on the store gateway-db has just
  // opened and migrated, so a restart opens no second connection pool and re-runs no schema migration. Anything
  // else goes to migrate(), which decides again under the import lock.
  const early = await decideTargetAction(executorRunner(context.executor), planTables(), {
    resume: false,
    replace: false,
    onlyIfEmpty: true,
    targetName: describeEndpoint(to),
  });
  if (early.action === 'skip') {
    logger.info(early.note);
    return;
  }
  logger.info(`发现旧数据库 ${legacyPath}, 目标 ${describeEndpoint(to)}`);
  try {
    await migrate({
      from: `sqlite:${legacyPath}`,
      to,
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
