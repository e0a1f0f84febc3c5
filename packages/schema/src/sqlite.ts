/** The Drizzle schema for SQLite (better-sqlite3), emitted from the neutral table specs. */
import type { BuildColumns } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  type SQLiteColumnBuilderBase,
  type SQLiteTableWithColumns,
  type SQLiteTableExtraConfigValue,
  foreignKey,
  index,
  sqliteTable,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { type SqliteKinds, sqliteKinds } from './column-kinds.js';
import type { ColumnSpec } from './column-spec.js';
import { type EmittedColumn, type ModifiableBuilder, applyModifiers } from './emit-columns.js';
import { pickColumn, pickColumns } from './pick-column.js';
import { type TableSpec, foreignKeyName } from './table-spec.js';
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

type AnyTable = { id: AnySQLiteColumn } & Record<string, AnySQLiteColumn>;
const emitted = new Map<string, AnyTable>();

function emitSqliteTable<const S extends TableSpec>(spec: S): SqliteTableOf<S> {
  const columns: Record<string, SQLiteColumnBuilderBase> = {};
  for (const [name, column] of Object.entries(spec.columns)) {
    const builder = sqliteKinds[column.kind](column);
    applyModifiers(builder as ModifiableBuilder, column);
    columns[name] = builder;
  }
  const table = sqliteTable(spec.name, columns, (self) => {
    const extras: SQLiteTableExtraConfigValue[] = spec.indexes.map((ix) =>
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
  return table as unknown as SqliteTableOf<S>;
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
