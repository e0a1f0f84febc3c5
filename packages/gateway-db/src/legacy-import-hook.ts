/**
 * The startup hook for the automatic import of the legacy `gateway.db` (sql.js) file, run by createGatewayDb
 * after the migrations. The import itself lives in the migrator (`runStartupImport`: same code path and log lines
 * as `pnpm migrate`). The migrator depends on gateway-db, so gateway-db loads it by name at run time instead of
 * importing it statically; `createGatewayDb({ legacyImporter })` replaces it, `legacyImporter: false` turns it off.
 */
import type { GatewayDbConfig } from './config.js';
import type { StoreExecutor } from './dialect/store-executor.js';
import type { GatewayDbLogger } from './logger.js';

export interface LegacyImportContext {
  /** The opened, migrated store. `executor.withMigrationLock` serialises the import across starting processes. */
  readonly executor: StoreExecutor;
  /** `config.legacyDbPath` is the legacy file to import from (never written). */
  readonly config: GatewayDbConfig;
  readonly logger: GatewayDbLogger;
}

/**
 * Decides whether the import's conditions hold (legacy file present, store empty, ...) and imports if so.
 * Throws GatewayDbError `LEGACY_FILE` when the file cannot be imported; createGatewayDb then fails to open.
 */
export type LegacyImporter = (context: LegacyImportContext) => Promise<void>;

/** Typed as a plain string so the compiler does not follow it (the dependency runs the other way). */
const MIGRATOR_PACKAGE: string = '@gateway-db/migrator';

function isMissingPackage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(MIGRATOR_PACKAGE);
}

/** The migrator's start-up importer, or undefined when the package is not installed. */
export async function loadDefaultLegacyImporter(): Promise<LegacyImporter | undefined> {
  try {
    const migrator = (await import(MIGRATOR_PACKAGE)) as { runStartupImport?: LegacyImporter };
    return migrator.runStartupImport;
  } catch (error) {
    if (isMissingPackage(error)) return undefined;
    throw error;
  }
}

export async function runStartupLegacyImport(
  context: LegacyImportContext,
  importer: LegacyImporter | false | undefined,
): Promise<void> {
  if (importer === false) return;
  const run = importer ?? (await loadDefaultLegacyImporter());
  if (!run) {
    context.logger.info(`the migrator is not installed: the automatic import of ${context.config.legacyDbPath} is skipped`);
    return;
  }
  await run(context);
}
