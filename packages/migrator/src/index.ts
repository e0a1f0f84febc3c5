/** @gateway-db/migrator: lossless, verified copies between the legacy gateway.db, SQLite stores and MySQL. */

export { describeEndpoint, type Endpoint, parseEndpoint } from './endpoint.js';
export { isMigrationError, MigrationError, type MigrationErrorCode } from './errors.js';
export { describeFinding, type Finding, type FindingKind, type Severity } from './findings.js';
export { fileSha256 } from './fingerprint.js';
export { IMPORT_STATE_TABLE } from './import-state-table.js';
export { consoleLogger, type Logger, silentLogger } from './logger.js';
export { migrate } from './migrate.js';
export { DANGLING_POLICIES, type DanglingPolicy, type MigrateOptions } from './options.js';
export { barProgress, logProgress, type Phase, type ProgressListener } from './progress.js';
export { formatReport, type MigrationMode, type MigrationReport, type TableReport, writeReport } from './report.js';
export { runStartupImport, type StartupImportOptions } from './startup-import.js';
