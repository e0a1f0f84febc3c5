/** @gateway-db/migrator: lossless, verified copies between the legacy gateway.db, SQLite stores and MySQL. */
export { migrate } from './migrate.js';
export { runStartupImport, type StartupImportOptions } from './startup-import.js';
export { type DanglingPolicy, DANGLING_POLICIES, type MigrateOptions } from './options.js';
export { type MigrationReport, type TableReport, type MigrationMode, formatReport, writeReport } from './report.js';
export { type Finding, type FindingKind, type Severity, describeFinding } from './findings.js';
export { MigrationError, type MigrationErrorCode, isMigrationError } from './errors.js';
export { type Endpoint, describeEndpoint, parseEndpoint } from './endpoint.js';
export { type Logger, consoleLogger, silentLogger } from './logger.js';
export { type ProgressListener, type Phase, barProgress, logProgress } from './progress.js';
export { fileSha256 } from './fingerprint.js';
export { IMPORT_STATE_TABLE } from './import-state.js';
