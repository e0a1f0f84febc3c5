/**
 * The tables drizzle-kit may touch: drizzle.config.ts passes them as `tablesFilter`, so `push` compares only
 * these and never proposes dropping anything else in the database: gateway-db's `gateway_db_migrations`, the
 * migrator's `gateway_db_import_state`, drizzle-kit's own `__drizzle_migrations`, or another application's tables.
 * (Trade-off: a table removed from the schema is not dropped by push either; drop it by hand.)
 * A relative import, not `@gateway-db/schema`: drizzle-kit loads the config with `require`, which the package's
 * ESM-only exports map does not serve.
 */
import { tableSpecs } from '../../packages/schema/src/tables/index.js';

export const SCHEMA_TABLES: readonly string[] = tableSpecs.map((spec) => spec.name);
