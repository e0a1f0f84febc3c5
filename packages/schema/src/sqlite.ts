/** The Drizzle schema for SQLite (better-sqlite3), emitted from the neutral table specs. */
import type { BuildColumns } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  foreignKey,
  index,
  type SQLiteColumnBuilderBase,
  type SQLiteTableExtraConfigValue,
  type SQLiteTableWithColumns,
  sqliteTable,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { type SqliteKinds, sqliteKinds } from './column-kinds.js';
import type { ColumnSpec } from './column-spec.js';
import type { EmittedColumn } from './emit-columns.js';
import { tableEmitter } from './emit-table.js';
import type { TableSpec } from './table-spec.js';
import * as specs from './tables/index.js';

type SqliteColumns<C extends Record<string, ColumnSpec>> = {
  [K in keyof C]: EmittedColumn<ReturnType<SqliteKinds[C[K]['kind']]>, C[K]>;
};

export type SqliteTableOf<S extends TableSpec> = SQLiteTableWithColumns<{
  name: S['name'];
  schema: undefined;
  columns: BuildColumns<S['name'], SqliteColumns<S['columns']>, 'sqlite'>;
  dialect: 'sqlite';
}>;

const emit = tableEmitter<SQLiteColumnBuilderBase, AnySQLiteColumn, object, SQLiteTableExtraConfigValue>({
  kinds: sqliteKinds,
  table: (name, columns, extra) => sqliteTable(name, columns, extra),
  index,
  uniqueIndex,
  foreignKey,
});

// Sound by construction: each column was built by the kind map the type reads (proved by the row-type tests).
function emitSqliteTable<const S extends TableSpec>(spec: S): SqliteTableOf<S> {
  return emit(spec) as SqliteTableOf<S>;
}

export const users = emitSqliteTable(specs.usersSpec);
export const providers = emitSqliteTable(specs.providersSpec);
export const models = emitSqliteTable(specs.modelsSpec);
export const virtualKeys = emitSqliteTable(specs.virtualKeysSpec);
export const systemConfig = emitSqliteTable(specs.systemConfigSpec);
export const apiRequests = emitSqliteTable(specs.apiRequestsSpec);
export const routingConfigs = emitSqliteTable(specs.routingConfigsSpec);
export const portkeyGateways = emitSqliteTable(specs.portkeyGatewaysSpec);
export const modelRoutingRules = emitSqliteTable(specs.modelRoutingRulesSpec);
export const expertRoutingConfigs = emitSqliteTable(specs.expertRoutingConfigsSpec);
export const expertRoutingLogs = emitSqliteTable(specs.expertRoutingLogsSpec);
export const apiRequestRollups = emitSqliteTable(specs.apiRequestRollupsSpec);
export const apiRequestModels = emitSqliteTable(specs.apiRequestModelsSpec);
export const apiRequestRollupState = emitSqliteTable(specs.apiRequestRollupStateSpec);
