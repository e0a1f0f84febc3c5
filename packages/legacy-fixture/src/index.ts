/** Fixture generator for legacy `gateway.db` files (schema versions S1..S6), for tests, the demo and the benchmark. */

export { type BuildLargeLegacyFileOptions, buildLargeLegacyFile } from './build-large-legacy-file.js';
export {
  type BuildLegacyFileOptions,
  buildLegacyFile,
  DEFAULT_ROW_COUNTS,
  type LegacyFileSummary,
} from './build-legacy-file.js';
export { overwriteBytes, writeNotSqliteFile, writeTruncatedCopy } from './corrupt.js';
export type { DanglingReference } from './dangling-references.js';
export { HOSTILE } from './hostile-values.js';
export type { LegacyEngine, LegacyValue } from './legacy-database.js';
export {
  LEGACY_VERSIONS,
  type LegacyBootStatement,
  type LegacyForeignKey,
  type LegacyVersion,
  legacyBootStatements,
  legacyColumnNames,
  legacyForeignKeys,
  legacyTableNames,
  SCHEMA_MIGRATIONS_TABLE,
} from './legacy-schema.js';
export { LEGACY_SECRET_COLUMNS, type LegacySecret, legacySecrets } from './legacy-secrets.js';
