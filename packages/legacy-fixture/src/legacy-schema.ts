/**
 * The DDL the legacy builds S1..S6 ran at every boot, as `../shared/spec/legacy-gateway-db.md` describes it:
 * `CREATE TABLE IF NOT EXISTS` with the columns a table was born with, then `ALTER TABLE ... ADD COLUMN` for the
 * columns added later (errors swallowed, so re-running is harmless). That is why added columns sit physically after
 * created_at/updated_at, and why a file has exactly the columns of the newest build that opened it.
 */
import type { LegacyTableName } from '@gateway-db/schema';
import {
  LEGACY_MIGRATIONS,
  LEGACY_TABLES,
  type LegacyForeignKey,
  type LegacyTableDefinition,
} from './legacy-tables.js';
import { isAtLeast, type LegacyVersion } from './legacy-version.js';

export { LEGACY_TABLES, type LegacyForeignKey } from './legacy-tables.js';
export { isAtLeast, LEGACY_VERSIONS, type LegacyVersion, versionIndex } from './legacy-version.js';

export const SCHEMA_MIGRATIONS_TABLE = 'schema_migrations';

export function legacyTableDefinition(name: LegacyTableName): LegacyTableDefinition {
  const table = LEGACY_TABLES.find((t) => t.name === name);
  if (!table) throw new Error(`unknown legacy table ${name}`);
  return table;
}

/** The gateway tables a file last opened by `version` has, in creation order. */
export function legacyTableNames(version: LegacyVersion): LegacyTableName[] {
  return LEGACY_TABLES.filter((t) => isAtLeast(version, t.since)).map((t) => t.name);
}

/** Physical column order of `table` in a file last opened by `version`; undefined when the table is missing. */
export function legacyColumnNames(table: LegacyTableName, version: LegacyVersion): string[] | undefined {
  const definition = legacyTableDefinition(table);
  if (!isAtLeast(version, definition.since)) return undefined;
  return definition.columns.filter((col) => !col.addedIn || isAtLeast(version, col.addedIn)).map((col) => col.name);
}

/** The declared foreign keys among the tables of `version` (never enforced by the legacy builds). */
export function legacyForeignKeys(version: LegacyVersion): LegacyForeignKey[] {
  return LEGACY_TABLES.filter((t) => isAtLeast(version, t.since)).flatMap((t) =>
    t.foreignKeys.map((fk) => ({ table: t.name, ...fk })),
  );
}

export interface LegacyBootStatement {
  readonly sql: string;
  /** ALTER TABLE ADD COLUMN: the legacy boot swallowed the "duplicate column" error of a re-run. */
  readonly mayAlreadyBeApplied: boolean;
}

/**
 * Everything build `build` ran at boot, in order. Applying S1, S2, ... Sk's statements to one file is the
 * step-by-step upgrade; applying only Sk's to an empty file creates it directly at Sk (same columns, same order).
 */
export function legacyBootStatements(build: LegacyVersion, appliedAt: number): LegacyBootStatement[] {
  const tables = LEGACY_TABLES.filter((t) => isAtLeast(build, t.since));
  const statements: LegacyBootStatement[] = [];
  for (const table of tables) {
    const columns = table.columns.filter((col) => !col.addedIn).map((col) => `  ${col.name} ${col.declaration}`);
    const foreignKeys = table.foreignKeys.map(
      (fk) => `  FOREIGN KEY (${fk.column}) REFERENCES ${fk.referencedTable}(id) ON DELETE ${fk.onDelete}`,
    );
    const body = [...columns, ...foreignKeys].join(',\n');
    statements.push({ sql: `CREATE TABLE IF NOT EXISTS ${table.name} (\n${body}\n)`, mayAlreadyBeApplied: false });
  }
  for (const table of tables) {
    for (const col of table.columns) {
      if (!col.addedIn || !isAtLeast(build, col.addedIn)) continue;
      statements.push({
        sql: `ALTER TABLE ${table.name} ADD COLUMN ${col.name} ${col.declaration}`,
        mayAlreadyBeApplied: true,
      });
    }
  }
  for (const table of tables) {
    const present = legacyColumnNames(table.name, build) ?? [];
    for (const column of table.indexedColumns) {
      if (!present.includes(column)) continue;
      statements.push({
        sql: `CREATE INDEX IF NOT EXISTS idx_${table.name}_${column} ON ${table.name}(${column})`,
        mayAlreadyBeApplied: false,
      });
    }
  }
  if (isAtLeast(build, 'S3')) {
    statements.push({
      sql:
        `CREATE TABLE IF NOT EXISTS ${SCHEMA_MIGRATIONS_TABLE} (\n  version INTEGER PRIMARY KEY,\n` +
        `  name TEXT NOT NULL,\n  applied_at INTEGER NOT NULL\n)`,
      mayAlreadyBeApplied: false,
    });
    for (const migration of LEGACY_MIGRATIONS.filter((m) => isAtLeast(build, m.build))) {
      statements.push({
        sql:
          `INSERT OR IGNORE INTO ${SCHEMA_MIGRATIONS_TABLE} (version, name, applied_at) ` +
          `VALUES (${migration.version}, '${migration.name}', ${appliedAt})`,
        mayAlreadyBeApplied: false,
      });
    }
  }
  return statements;
}
