/**
 * The tables the migrator copies: the Drizzle tables @gateway-db/schema emits, the SQLite and the MySQL table of
 * each name side by side, parents before children (read from the tables' own foreign keys). No list of tables,
 * columns or references is kept here by hand.
 */

import * as mysqlSchema from '@gateway-db/schema/mysql';
import * as sqliteSchema from '@gateway-db/schema/sqlite';
import { getTableName, is } from 'drizzle-orm';
import { MySqlTable } from 'drizzle-orm/mysql-core';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';

/** One table of the schema on both dialects. */
export interface SchemaTable {
  readonly name: string;
  readonly sqlite: SQLiteTable;
  readonly mysql: MySqlTable;
}

function schemaError(message: string): Error {
  return new Error(`Schema error: ${message}`);
}

/** The names of the tables `table` references, from its SQLite foreign keys (the MySQL ones are the same specs). */
function parentNames(table: SQLiteTable): string[] {
  return getTableConfig(table).foreignKeys.map((fk) => getTableName(fk.reference().foreignTable));
}

/** Parents first; ties keep the input order, so the result is stable. */
function inForeignKeyOrder(tables: readonly SchemaTable[]): SchemaTable[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: SchemaTable[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (table: SchemaTable, path: readonly string[]): void => {
    if (state.get(table.name) === 'done') return;
    if (state.get(table.name) === 'visiting')
      throw schemaError(`foreign key cycle ${[...path, table.name].join(' -> ')}`);
    state.set(table.name, 'visiting');
    for (const parentName of parentNames(table.sqlite)) {
      if (parentName === table.name) continue;
      const parent = byName.get(parentName);
      if (parent === undefined) throw schemaError(`table ${table.name} references unknown table ${parentName}`);
      visit(parent, [...path, table.name]);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

/** Every table of the schema, in foreign-key order; fails loudly when the two dialects' schemas disagree. */
export function schemaTables(): SchemaTable[] {
  const mysqlTables = new Map(
    Object.values(mysqlSchema)
      .filter((value) => is(value, MySqlTable))
      .map((table) => [getTableName(table), table]),
  );
  const tables = Object.values(sqliteSchema)
    .filter((value) => is(value, SQLiteTable))
    .map((sqlite) => {
      const name = getTableName(sqlite);
      const mysql = mysqlTables.get(name);
      if (mysql === undefined) throw schemaError(`table ${name} exists for SQLite but not for MySQL`);
      mysqlTables.delete(name);
      return { name, sqlite, mysql };
    });
  const [extra] = mysqlTables.keys();
  if (extra !== undefined) throw schemaError(`table ${extra} exists for MySQL but not for SQLite`);
  return inForeignKeyOrder(tables);
}
