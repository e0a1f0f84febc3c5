/** Public API of gateway-db. */

export {
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
  applyMigrations,
  consoleLogger,
  createMysqlExecutor,
  createSqliteExecutor,
  DEFAULT_LEGACY_DB_PATH,
  DEFAULT_SQLITE_PATH,
  describeConfig,
  type GatewayDbConfig,
  type GatewayDbConfigInput,
  GatewayDbError,
  type GatewayDbErrorCode,
  type GatewayDbLogger,
  isGatewayDbError,
  isRetryable,
  jsonLogger,
  type LegacyImportContext,
  type LegacyImporter,
  loadConfig,
  type MysqlConfig,
  type MysqlPoolConfig,
  openStore,
  type QueryEvent,
  type QueryKind,
  type RawRow,
  type ReplicaHealth,
  type ReplicaState,
  type SqlExecutor,
  type SqliteConfig,
  type SqliteExecutorOptions,
  type SqlValue,
  type StoreExecutor,
  silentLogger,
} from '@gateway-db/core';
export {
  type CreateGatewayDbOptions,
  createGatewayDb,
  type GatewayDb,
  type GatewayDbHealth,
  type GatewayDbScope,
} from './create-gateway-db.js';
export { runStartupLegacyImport } from './legacy-import-hook.js';
export {
  ApiRequestLogWriter,
  type ApiRequestLogWriterOptions,
  type LogWriterReport,
  type LogWriterStats,
} from './log-writer.js';
export type { GatewayOrm, MysqlOrm, SqliteOrm } from './orm/gateway-orm.js';
export type * from './repositories/index.js';
export type { RollupBackfillOptions, RollupStatus } from './rollups/rollup-backfill.js';
