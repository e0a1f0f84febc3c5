/** The Drizzle schema for MySQL (mysql2), emitted from the neutral table specs. */
import type { BuildColumns } from 'drizzle-orm';
import {
  type AnyMySqlColumn,
  foreignKey,
  index,
  type MySqlColumnBuilderBase,
  type MySqlTableExtraConfigValue,
  type MySqlTableWithColumns,
  mysqlTable,
  uniqueIndex,
} from 'drizzle-orm/mysql-core';
import { type MysqlKinds, mysqlKinds } from './column-kinds.js';
import type { ColumnSpec } from './column-spec.js';
import type { EmittedColumn } from './emit-columns.js';
import { tableEmitter } from './emit-table.js';
import type { TableSpec } from './table-spec.js';
import * as specs from './tables/index.js';

type MysqlColumns<C extends Record<string, ColumnSpec>> = {
  [K in keyof C]: EmittedColumn<ReturnType<MysqlKinds[C[K]['kind']]>, C[K]>;
};

export type MysqlTableOf<S extends TableSpec> = MySqlTableWithColumns<{
  name: S['name'];
  schema: undefined;
  columns: BuildColumns<S['name'], MysqlColumns<S['columns']>, 'mysql'>;
  dialect: 'mysql';
}>;

const emit = tableEmitter<MySqlColumnBuilderBase, AnyMySqlColumn, object, MySqlTableExtraConfigValue>({
  kinds: mysqlKinds,
  table: (name, columns, extra) => mysqlTable(name, columns, extra),
  index,
  uniqueIndex,
  foreignKey,
});

// Sound by construction: each column was built by the kind map the type reads (proved by the row-type tests).
function emitMysqlTable<const S extends TableSpec>(spec: S): MysqlTableOf<S> {
  return emit(spec) as MysqlTableOf<S>;
}

export const users = emitMysqlTable(specs.usersSpec);
export const providers = emitMysqlTable(specs.providersSpec);
export const models = emitMysqlTable(specs.modelsSpec);
export const virtualKeys = emitMysqlTable(specs.virtualKeysSpec);
export const systemConfig = emitMysqlTable(specs.systemConfigSpec);
export const apiRequests = emitMysqlTable(specs.apiRequestsSpec);
export const routingConfigs = emitMysqlTable(specs.routingConfigsSpec);
export const portkeyGateways = emitMysqlTable(specs.portkeyGatewaysSpec);
export const modelRoutingRules = emitMysqlTable(specs.modelRoutingRulesSpec);
export const expertRoutingConfigs = emitMysqlTable(specs.expertRoutingConfigsSpec);
export const expertRoutingLogs = emitMysqlTable(specs.expertRoutingLogsSpec);
export const apiRequestRollups = emitMysqlTable(specs.apiRequestRollupsSpec);
export const apiRequestModels = emitMysqlTable(specs.apiRequestModelsSpec);
export const apiRequestRollupState = emitMysqlTable(specs.apiRequestRollupStateSpec);
