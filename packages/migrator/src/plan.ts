/**
 * What to copy and how, read from the Drizzle tables of @gateway-db/schema (never a hand-kept list): the tables in
 * foreign-key order, each with its columns in table order, their value kinds, NOT NULL, defaults and MySQL size
 * limits, its primary key, single-column unique keys and foreign keys.
 */
import { type Column, getTableColumns, getTableName, is } from 'drizzle-orm';
import {
  type AnyMySqlColumn,
  MySqlBoolean,
  MySqlDouble,
  MySqlFloat,
  MySqlReal,
  MySqlVarBinary,
  MySqlVarChar,
} from 'drizzle-orm/mysql-core';
import { type AnySQLiteColumn, getTableConfig, SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { IMPORT_STATE_TABLE } from './import-state-table.js';
import { type SchemaTable, schemaTables } from './schema-tables.js';
import type { CanonicalValue } from './value-codec.js';

/** The canonical form a column's values take (value-codec.ts): text, a 64-bit integer, or a double. */
export type ValueKind = 'text' | 'integer' | 'real';

/** What a MySQL column holds at most where that is less than the canonical value can be. */
export type MysqlColumnLimit =
  /** VARBINARY(n): UTF-8 bytes. */
  | { readonly kind: 'bytes'; readonly max: number }
  /** VARCHAR(n): characters (code points). */
  | { readonly kind: 'chars'; readonly max: number }
  /** BOOLEAN, which MySQL stores as TINYINT. */
  | { readonly kind: 'range'; readonly min: bigint; readonly max: bigint };

export interface PlannedColumn {
  readonly name: string;
  readonly value: ValueKind;
  readonly notNull: boolean;
  /** The value a row gets when the source lacks this column (legacy files of older builds). */
  readonly defaultValue: CanonicalValue;
  readonly mysqlLimit: MysqlColumnLimit | undefined;
  /** The column on each dialect, for statements Drizzle renders. */
  readonly drizzle: { readonly sqlite: AnySQLiteColumn; readonly mysql: AnyMySqlColumn };
}

export interface PlannedForeignKey {
  readonly column: PlannedColumn;
  readonly parent: SchemaTable;
  /** The referenced column of `parent`, on each dialect. */
  readonly parentKey: { readonly name: string; readonly sqlite: Column; readonly mysql: Column };
}

export interface TablePlan {
  readonly name: string;
  readonly table: SchemaTable;
  readonly columns: readonly PlannedColumn[];
  /** The primary key column (every table has a single-column key). */
  readonly primaryKey: PlannedColumn;
  readonly primaryKeyIndex: number;
  /** Columns that must be unique in the target: the primary key and single-column UNIQUE indexes. */
  readonly uniqueColumns: readonly PlannedColumn[];
  readonly foreignKeys: readonly PlannedForeignKey[];
}

/** gateway-db's migrations journal: a SQLite file that has it is a gateway-db store, not a legacy file. */
export const GATEWAY_DB_MIGRATIONS_TABLE = 'gateway_db_migrations';

/** Tables the migrator never copies: bookkeeping of the legacy builds (S3+), of gateway-db, and its own state. */
const BOOKKEEPING_TABLES: ReadonlySet<string> = new Set([
  'schema_migrations',
  GATEWAY_DB_MIGRATIONS_TABLE,
  IMPORT_STATE_TABLE,
]);

export function isBookkeepingTable(name: string): boolean {
  return BOOKKEEPING_TABLES.has(name) || name.startsWith('sqlite_');
}

function schemaError(where: string, problem: string): Error {
  return new Error(`Schema error: ${where} ${problem}`);
}

const SQLITE_VALUE_KINDS: Readonly<Record<string, ValueKind>> = { text: 'text', integer: 'integer', real: 'real' };

/** Both dialects must agree, or a value would change on its way from one to the other. */
function valueKindOf(sqlite: AnySQLiteColumn, mysql: AnyMySqlColumn, where: string): ValueKind {
  const fromSqlite = SQLITE_VALUE_KINDS[sqlite.getSQLType()];
  const isDouble = is(mysql, MySqlDouble) || is(mysql, MySqlReal) || is(mysql, MySqlFloat);
  const fromMysql: ValueKind = mysql.dataType === 'string' ? 'text' : isDouble ? 'real' : 'integer';
  if (fromSqlite !== fromMysql) {
    throw schemaError(where, `is ${sqlite.getSQLType()} on SQLite but ${mysql.getSQLType()} on MySQL`);
  }
  return fromMysql;
}

function mysqlLimitOf(column: AnyMySqlColumn, where: string): MysqlColumnLimit | undefined {
  if (is(column, MySqlBoolean)) return { kind: 'range', min: -128n, max: 127n };
  if (!is(column, MySqlVarBinary) && !is(column, MySqlVarChar)) return undefined;
  if (column.length === undefined) throw schemaError(where, 'has no length on MySQL');
  return { kind: is(column, MySqlVarBinary) ? 'bytes' : 'chars', max: column.length };
}

function defaultOf(column: AnySQLiteColumn, value: ValueKind, where: string): CanonicalValue {
  if (!column.hasDefault || column.default === undefined) return null;
  const given: unknown = column.default;
  if (typeof given === 'boolean') return given ? 1n : 0n;
  if (typeof given === 'number') return value === 'real' ? given : BigInt(given);
  if (typeof given === 'string') return given;
  throw schemaError(where, 'has a default the migrator cannot copy (only literal defaults are supported)');
}

function planColumns(table: SchemaTable): PlannedColumn[] {
  const mysqlColumns = getTableColumns(table.mysql);
  return Object.entries(getTableColumns(table.sqlite)).map(([key, sqlite]) => {
    const where = `${table.name}.${sqlite.name}`;
    const mysql = mysqlColumns[key];
    if (mysql === undefined || mysql.name !== sqlite.name) throw schemaError(where, 'differs between SQLite and MySQL');
    const value = valueKindOf(sqlite, mysql, where);
    return {
      name: sqlite.name,
      value,
      notNull: sqlite.notNull,
      defaultValue: defaultOf(sqlite, value, where),
      mysqlLimit: mysqlLimitOf(mysql, where),
      drizzle: { sqlite, mysql },
    };
  });
}

function columnNamed(columns: readonly PlannedColumn[], name: string, where: string): PlannedColumn {
  const column = columns.find((c) => c.name === name);
  if (column === undefined) throw schemaError(where, `has no column ${name}`);
  return column;
}

function planTable(table: SchemaTable, byName: ReadonlyMap<string, SchemaTable>): TablePlan {
  const columns = planColumns(table);
  const config = getTableConfig(table.sqlite);
  const primaryKeyIndex = columns.findIndex((c) => c.drizzle.sqlite.primary);
  const primaryKey = columns[primaryKeyIndex];
  if (primaryKey === undefined || config.primaryKeys.length > 0)
    throw schemaError(table.name, 'needs a single-column primary key');
  const uniqueNames = config.indexes
    .filter((index) => index.config.unique && index.config.columns.length === 1)
    .flatMap((index) => index.config.columns.filter((c) => is(c, SQLiteColumn)))
    .map((c) => c.name);
  const foreignKeys = config.foreignKeys.map((fk) => {
    const {
      columns: [own, ...restOwn],
      foreignTable,
      foreignColumns: [key, ...restKey],
    } = fk.reference();
    const parent = byName.get(getTableName(foreignTable));
    if (own === undefined || key === undefined || restOwn.length + restKey.length > 0 || parent === undefined) {
      throw schemaError(table.name, 'has a foreign key the migrator cannot check (one column to a known table only)');
    }
    const mysqlKey = Object.values(getTableColumns(parent.mysql)).find((c) => c.name === key.name);
    if (mysqlKey === undefined)
      throw schemaError(table.name, `references ${parent.name}.${key.name}, which MySQL lacks`);
    return {
      column: columnNamed(columns, own.name, table.name),
      parent,
      parentKey: { name: key.name, sqlite: key, mysql: mysqlKey },
    };
  });
  return {
    name: table.name,
    table,
    columns,
    primaryKey,
    primaryKeyIndex,
    uniqueColumns: [primaryKey, ...uniqueNames.map((name) => columnNamed(columns, name, table.name))],
    foreignKeys,
  };
}

/** All tables, parents before children. */
export function planTables(): TablePlan[] {
  const tables = schemaTables();
  const byName = new Map(tables.map((table) => [table.name, table]));
  return tables.map((table) => planTable(table, byName));
}
