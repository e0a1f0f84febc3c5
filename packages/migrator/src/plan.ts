/**
 * What to copy and how, derived from the schema package (never a hand-kept list): the 11 tables in foreign-key
 * order, each with its columns in spec order, primary key, single-column unique keys and foreign keys.
 */
import {
  type ColumnSpec,
  type TableSpec,
  tableSpecs,
  tablesInForeignKeyOrder,
} from '@gateway-db/schema';
import { IMPORT_STATE_TABLE } from './import-state.js';
import type { CanonicalValue } from './value-codec.js';

export interface PlannedColumn {
  readonly name: string;
  readonly spec: ColumnSpec;
  /** The value a row gets when the source lacks this column (legacy files of older builds). */
  readonly defaultValue: CanonicalValue;
}

export interface PlannedForeignKey {
  readonly column: string;
  readonly parentTable: string;
  readonly notNull: boolean;
}

export interface TablePlan {
  readonly name: string;
  readonly spec: TableSpec;
  readonly columns: readonly PlannedColumn[];
  /** The primary key column (every table has a single-column key). */
  readonly primaryKey: string;
  readonly primaryKeyIndex: number;
  /** Columns that must be unique in the target: the primary key and single-column UNIQUE indexes. */
  readonly uniqueColumns: readonly string[];
  readonly foreignKeys: readonly PlannedForeignKey[];
}

/** gateway-db's migrations journal: a SQLite file that has it is a gateway-db store, not a legacy file. */
export const GATEWAY_DB_MIGRATIONS_TABLE = 'gateway_db_migrations';

/** Tables the migrator never copies: bookkeeping of the legacy builds (S3+), of gateway-db, and its own state. */
export const BOOKKEEPING_TABLES: ReadonlySet<string> = new Set(['schema_migrations', GATEWAY_DB_MIGRATIONS_TABLE, IMPORT_STATE_TABLE]);

export function isBookkeepingTable(name: string): boolean {
  return BOOKKEEPING_TABLES.has(name) || name.startsWith('sqlite_');
}

function defaultOf(spec: ColumnSpec): CanonicalValue {
  const value = spec.default;
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'number') return spec.kind === 'duration' ? value : BigInt(value);
  return value;
}

function planTable(spec: TableSpec): TablePlan {
  const columns = Object.entries(spec.columns).map(([name, column]) => ({
    name,
    spec: column,
    defaultValue: defaultOf(column),
  }));
  const primaryKeyIndex = columns.findIndex((c) => c.spec.primaryKey);
  const primaryKey = columns[primaryKeyIndex]?.name;
  if (primaryKey === undefined) throw new Error(`Schema error: table ${spec.name} has no primary key`);
  const uniqueColumns = [
    primaryKey,
    ...spec.indexes.filter((ix) => ix.unique && ix.columns.length === 1).map((ix) => ix.columns[0] as string),
  ];
  const foreignKeys = columns
    .filter((c) => c.spec.references !== undefined)
    .map((c) => ({ column: c.name, parentTable: c.spec.references?.table ?? '', notNull: c.spec.notNull === true }));
  return { name: spec.name, spec, columns, primaryKey, primaryKeyIndex, uniqueColumns, foreignKeys };
}

/** All tables, parents before children. */
export function planTables(): TablePlan[] {
  return tablesInForeignKeyOrder([...tableSpecs] as TableSpec[]).map(planTable);
}

export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
