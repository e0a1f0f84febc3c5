/**
 * The migrator's own table in a target, `gateway_db_import_state` (see import-state.ts for what it records), as a
 * Drizzle table per dialect, so its statements are built with Drizzle's query builder like any other table's.
 */
import {
  type Column,
  getTableColumns,
  type InferInsertModel,
  type InferSelectModel,
  type SQL,
  sql,
  type Table,
} from 'drizzle-orm';
import { bigint, mysqlTable, varchar } from 'drizzle-orm/mysql-core';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const IMPORT_STATE_TABLE = 'gateway_db_import_state';

/** The longest source description kept (a VARCHAR on MySQL); longer ones are cut. */
export const SOURCE_CHARS = 1024;

/** Base64 of the longest key (3072 bytes, the MySQL index limit); a longer cursor is not kept (key-cursor.ts). */
export const CURSOR_CHARS = 4096;

/** Added after the first release: `create()` adds it to a table made without it. */
export const RESUME_AFTER_COLUMN = 'resume_after';

export const importStateTables = {
  sqlite: sqliteTable(IMPORT_STATE_TABLE, {
    name: text().primaryKey(),
    state: text().notNull(),
    source: text().notNull(),
    fingerprint: text().notNull(),
    updated_at: integer({ mode: 'number' }).notNull(),
    /** A table row of a copy in progress: the key of the last row copied and committed (key-cursor.ts). */
    resume_after: text(),
  }),
  mysql: mysqlTable(IMPORT_STATE_TABLE, {
    name: varchar({ length: 64 }).primaryKey(),
    state: varchar({ length: 16 }).notNull(),
    source: varchar({ length: SOURCE_CHARS }).notNull(),
    fingerprint: varchar({ length: 128 }).notNull(),
    updated_at: bigint({ mode: 'number' }).notNull(),
    resume_after: varchar({ length: CURSOR_CHARS }),
  }),
};

export type ImportStateRow = InferSelectModel<typeof importStateTables.sqlite>;
export type NewImportStateRow = InferInsertModel<typeof importStateTables.sqlite>;
export type RunRow = Omit<ImportStateRow, 'resume_after'>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Both definitions describe the same rows: this stops compiling when they drift apart.
const _importStateRowsMatch: Same<ImportStateRow, InferSelectModel<typeof importStateTables.mysql>> = true;

/** The columns a condition on the table is written with (either dialect's table has them). */
export type ImportStateColumns = { readonly [K in keyof ImportStateRow]: Column };

/** The statements the marker needs, on one store (see sqlite/sqlite-client.ts, mysql/mysql-client.ts). */
export interface ImportStateAccess {
  /** Creates the table when it is missing, and adds `resume_after` to a table made before it existed. */
  create(): Promise<void>;
  select(where: (table: ImportStateColumns) => SQL | undefined): Promise<ImportStateRow[]>;
  /**
   * The columns every version of the table has (no `resume_after`): the start-up check reads the run marker of a
   * table an older migrator made, before anything adds the column.
   */
  selectRun(where: (table: ImportStateColumns) => SQL | undefined): Promise<RunRow[]>;
  insert(row: NewImportStateRow): Promise<void>;
  update(set: Partial<ImportStateRow>, where: (table: ImportStateColumns) => SQL | undefined): Promise<void>;
  delete(where: (table: ImportStateColumns) => SQL | undefined): Promise<void>;
}

/**
 * `CREATE TABLE IF NOT EXISTS` for one dialect's Drizzle table, from its own columns: Drizzle renders DDL only
 * offline (drizzle-kit), and this table is not part of gateway-db's migrations.
 */
export function createTableIfMissing(table: Table): SQL {
  const columns = Object.values(getTableColumns(table)).map((column) => {
    const constraint = column.primary ? ' NOT NULL PRIMARY KEY' : column.notNull ? ' NOT NULL' : '';
    return sql`${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}${sql.raw(constraint)}`;
  });
  return sql`CREATE TABLE IF NOT EXISTS ${table} (${sql.join(columns, sql`, `)})`;
}

/** `ALTER TABLE ... ADD COLUMN` for one column of a dialect's Drizzle table (nullable columns only). */
export function addColumn(table: Table, name: string): SQL {
  const column = getTableColumns(table)[name];
  if (column === undefined || column.notNull) throw new Error(`Schema error: ${name} is not a nullable column`);
  return sql`ALTER TABLE ${table} ADD COLUMN ${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}`;
}
