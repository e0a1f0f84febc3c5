/** Fixture generator for legacy `gateway.db` files (schema versions S1..S6), for tests, the demo and the benchmark. */
export {
  buildLegacyFile,
  DEFAULT_ROW_COUNTS,
  type BuildLegacyFileOptions,
  type LegacyFileSummary,
} from './build-legacy-file.js';
export { buildLargeLegacyFile, type BuildLargeLegacyFileOptions } from './build-large-legacy-file.js';
export { overwriteBytes, writeNotSqliteFile, writeTruncatedCopy } from './corrupt.js';
export type { DanglingReference } from './dangling-references.js';
export { HOSTILE } from './hostile-values.js';
export { LEGACY_SECRET_COLUMNS, legacySecrets, type LegacySecret } from './legacy-secrets.js';
export type { LegacyEngine, LegacyValue } from './legacy-database.js';
export {
  LEGACY_VERSIONS,
  SCHEMA_MIGRATIONS_TABLE,
  legacyBootStatements,
  legacyColumnNames,
  legacyForeignKeys,
  legacyTableNames,
  type LegacyBootStatement,
  type LegacyForeignKey,
  type LegacyVersion,
} from './legacy-schema.js';
