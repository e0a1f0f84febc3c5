/** The Drizzle schema for MySQL (mysql2), emitted from the neutral table specs. */
import type { BuildColumns } from 'drizzle-orm';
import {
  type AnyMySqlColumn,
  type MySqlColumnBuilderBase,
  type MySqlTableWithColumns,
  type MySqlTableExtraConfigValue,
  foreignKey,
  index,
  mysqlTable,
  uniqueIndex,
} from 'drizzle-orm/mysql-core';
import { type MysqlKinds, mysqlKinds } from './column-kinds.js';
import type { ColumnSpec } from './column-spec.js';
import { type EmittedColumn, type ModifiableBuilder, applyModifiers } from './emit-columns.js';
import { pickColumn, pickColumns } from './pick-column.js';
import { type TableSpec, foreignKeyName } from './table-spec.js';
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

type AnyTable = { id: AnyMySqlColumn } & Record<string, AnyMySqlColumn>;
const emitted = new Map<string, AnyTable>();

function emitMysqlTable<const S extends TableSpec>(spec: S): MysqlTableOf<S> {
  const columns: Record<string, MySqlColumnBuilderBase> = {};
  for (const [name, column] of Object.entries(spec.columns)) {
    const builder = mysqlKinds[column.kind](column);
    applyModifiers(builder as ModifiableBuilder, column);
    columns[name] = builder;
  }
  const table = mysqlTable(spec.name, columns, (self) => {
    const extras: MySqlTableExtraConfigValue[] = spec.indexes.map((ix) =>
      (ix.unique ? uniqueIndex(ix.name) : index(ix.name)).on(...pickColumns(self, ix.columns)),
    );
    for (const [name, column] of Object.entries(spec.columns)) {
      if (!column.references) continue;
      // Resolved lazily: Drizzle calls this after every table of the module exists.
      const target = pickColumn(emitted.get(column.references.table), 'id');
      extras.push(
        foreignKey({ name: foreignKeyName(spec.name, name), columns: [pickColumn(self, name)], foreignColumns: [target] })
          .onDelete(column.references.onDelete),
      );
    }
    return extras;
  });
  emitted.set(spec.name, table as unknown as AnyTable);
  // Sound by construction: each column was built by the kind map the type reads (proved by the row-type tests).
  return table as unknown as MysqlTableOf<S>;
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
