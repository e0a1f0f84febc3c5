/**
 * @gateway-db/core: what gateway-db and the migrator share. Deeper modules are reachable as
 * `@gateway-db/core/<path>.js` for the packages of this workspace; consumers use `gateway-db`.
 */
export {
  DEFAULT_LEGACY_DB_PATH,
  DEFAULT_SQLITE_PATH,
  describeConfig,
  describeStore,
  type GatewayDbConfig,
  type GatewayDbConfigInput,
  loadConfig,
  type MysqlConfig,
  type MysqlConfigInput,
  type MysqlPoolConfig,
  resolveMysqlConfig,
  type SqliteConfig,
  type StoreConfig,
} from './config.js';
export type { Env } from './config-values.js';
export { type MysqlErrorContext, mapMysqlError } from './dialect/mysql/mysql-errors.js';
export { createMysqlExecutor } from './dialect/mysql/mysql-executor.js';
export {
  MYSQL_COLLATION,
  MYSQL_SESSION_SETUP,
  MYSQL_SQL_MODE,
  type MysqlServerConfig,
  mysqlConnectionOptions,
  type OpenMysqlConnectionOptions,
  openMysqlConnection,
} from './dialect/mysql/mysql-session.js';
export { isMysqlUrl, MYSQL_URL_SCHEMES, type MysqlUrlParts, parseMysqlUrl } from './dialect/mysql/mysql-url.js';
export type { ReplicaHealth, ReplicaState } from './dialect/mysql/replicas/replica-node.js';
export type { QueryEvent, QueryKind } from './dialect/query-events.js';
export type { RawRow, SqlExecutor, SqlValue } from './dialect/sql-executor.js';
export { mapSqliteError } from './dialect/sqlite/sqlite-errors.js';
export { createSqliteExecutor, type SqliteExecutorOptions } from './dialect/sqlite/sqlite-executor.js';
export { SqliteReadWorker, type SqliteReadWorkerOptions } from './dialect/sqlite/sqlite-read-worker.js';
export type { StoreExecutor } from './dialect/store-executor.js';
export { GatewayDbError, type GatewayDbErrorCode, isGatewayDbError, isRetryable } from './errors.js';
export type { LegacyImportContext, LegacyImporter } from './legacy-import.js';
export { pickLogFields } from './log-fields.js';
export {
  consoleLogger,
  type GatewayDbLogger,
  jsonLogger,
  type LogEventCode,
  type LogFields,
  silentLogger,
} from './logger.js';
export {
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
  applyMigrations,
} from './migrations/apply-migrations.js';
export { openStore } from './open-store.js';
