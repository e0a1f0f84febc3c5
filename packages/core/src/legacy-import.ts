/**
 * The contract of the start-up import of the legacy `gateway.db`: gateway-db calls it after the migrations, the
 * migrator implements it (`runStartupImport`). Defined here so that neither package has to know the other's
 * internals, and dependencies point one way (core <- migrator <- gateway-db).
 */
import type { GatewayDbConfig } from './config.js';
import type { StoreExecutor } from './dialect/store-executor.js';
import type { GatewayDbLogger } from './logger.js';

export interface LegacyImportContext {
  /** The opened, migrated store. `executor.withMigrationLock` serialises the import across starting processes. */
  readonly executor: StoreExecutor;
  /** The opened, migrated store of the request logs when `config.logStore` is set (LOG_DB_URL). */
  readonly logExecutor?: StoreExecutor;
  /** `config.legacyDbPath` is the legacy file to import from (never written). */
  readonly config: GatewayDbConfig;
  readonly logger: GatewayDbLogger;
}

/**
 * Decides whether the import's conditions hold (legacy file present, store empty, ...) and imports if so.
 * Throws GatewayDbError `LEGACY_FILE` when the file cannot be imported; createGatewayDb then fails to open.
 */
export type LegacyImporter = (context: LegacyImportContext) => Promise<void>;
