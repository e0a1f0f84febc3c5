/** Public API of gateway-db. */
export { type CreateGatewayDbOptions, type GatewayDb, type GatewayDbHealth, createGatewayDb } from './create-gateway-db.js';
export {
  type GatewayDbConfig, type GatewayDbConfigInput, type MysqlConfig, type MysqlPoolConfig, type SqliteConfig,
  DEFAULT_LEGACY_DB_PATH, DEFAULT_SQLITE_PATH, describeConfig, loadConfig,
} from './config.js';
export { type GatewayDbErrorCode, GatewayDbError, isGatewayDbError, isRetryable } from './errors.js';
export { type GatewayDbLogger, consoleLogger, silentLogger } from './logger.js';
export { type LegacyImportContext, type LegacyImporter, runStartupLegacyImport } from './legacy-import-hook.js';
export { type ApiRequestLogWriterOptions, type LogWriterReport, type LogWriterStats, ApiRequestLogWriter } from './log-writer.js';
export { type ApplyMigrationsOptions, type ApplyMigrationsResult, applyMigrations } from './migrations/apply-migrations.js';
export { openStore } from './open-store.js';
export { createSqliteExecutor, type SqliteExecutorOptions } from './dialect/sqlite/sqlite-executor.js';
export { createMysqlExecutor } from './dialect/mysql/mysql-executor.js';
export type { StoreExecutor } from './dialect/store-executor.js';
export type { SqlExecutor, DialectSql, SqlValue, RawRow } from './dialect/sql-executor.js';
export type * from './repositories/index.js';
