/**
 * Reads SQLite tables into the shape of schema-shape.ts through the pragma table functions. Foreign keys and
 * UNIQUE constraints have no name to read back, so they are compared by what they say; the index SQLite makes for
 * a primary key (origin `pk`) is part of the primary key, not an index of the schema.
 */
import type { SqlExecutor } from '../dialect/sql-executor.js';
import {
  type ColumnShape,
  canonicalDefault,
  canonicalType,
  foreignKeyText,
  type IndexShape,
  type SchemaShape,
  type TableShape,
} from './schema-shape.js';

export async function sqliteTableNames(connection: SqlExecutor): Promise<string[]> {
  const rows = await connection.all("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  return rows.map((row) => String(row.name));
}

async function readTable(connection: SqlExecutor, table: string): Promise<TableShape> {
  const columnRows = await connection.all(
    'SELECT name, type, "notnull" AS not_null, dflt_value, pk FROM pragma_table_info(?)',
    [table],
  );
  const columns = new Map<string, ColumnShape>();
  for (const row of columnRows) {
    columns.set(String(row.name), {
      type: canonicalType(String(row.type)),
      notNull: Number(row.not_null) === 1,
      default: canonicalDefault(row.dflt_value),
      collation: undefined,
    });
  }
  const primaryKey = columnRows
    .filter((row) => Number(row.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((row) => String(row.name));

  const indexes = new Map<string, IndexShape>();
  for (const index of await connection.all('SELECT name, "unique" AS is_unique, origin FROM pragma_index_list(?)', [
    table,
  ])) {
    if (index.origin === 'pk') continue;
    const parts = (
      await connection.all('SELECT name FROM pragma_index_info(?) ORDER BY seqno', [String(index.name)])
    ).map((row) => String(row.name));
    const name = index.origin === 'u' ? `unique(${parts.join(',')})` : String(index.name);
    indexes.set(name, { columns: parts, unique: Number(index.is_unique) === 1 });
  }

  const keyRows = await connection.all(
    'SELECT id, "table" AS ref_table, "from" AS from_column, "to" AS to_column, on_delete, on_update FROM pragma_foreign_key_list(?) ORDER BY id, seq',
    [table],
  );
  const keys = new Map<number, typeof keyRows>();
  for (const row of keyRows) keys.set(Number(row.id), [...(keys.get(Number(row.id)) ?? []), row]);
  const foreignKeys = [...keys.values()].map((rows) =>
    foreignKeyText({
      name: undefined,
      columns: rows.map((row) => String(row.from_column)),
      table: String(rows[0]?.ref_table),
      references: rows.map((row) => String(row.to_column)),
      onDelete: String(rows[0]?.on_delete),
      onUpdate: String(rows[0]?.on_update),
    }),
  );
  return {
    columns,
    primaryKey,
    indexes,
    implicitIndexes: new Set(),
    foreignKeys: new Set(foreignKeys),
    engine: undefined,
    collation: undefined,
  };
}

export async function readSqliteTables(connection: SqlExecutor, tables: readonly string[]): Promise<SchemaShape> {
  const shape = new Map<string, TableShape>();
  for (const table of tables) shape.set(table, await readTable(connection, table));
  return shape;
}
