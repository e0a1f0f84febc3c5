/**
 * The startup hook for the automatic import of the legacy `gateway.db` (sql.js) file, run by createGatewayDb
 * after the migrations. gateway-db does not implement the import: the migrator provides an importer, passed as
 * `createGatewayDb({ legacyImporter })` (the migrator package depends on gateway-db, so gateway-db cannot import
 * it). Without one, the hook only says so in the log.
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

export async function runStartupLegacyImport(context: LegacyImportContext, importer?: LegacyImporter): Promise<void> {
  if (!importer) {
    context.logger.info(`no legacy importer is installed: the automatic import of ${context.config.legacyDbPath} is skipped`);
    return;
  }
  await importer(context);
}
