/**
 * Reads the tables of the current MySQL/MariaDB database into the shape of schema-shape.ts. Column labels are
 * aliased in lower case because MariaDB returns information_schema labels as written and MySQL 8.0 in upper case;
 * defaults are normalised because MariaDB quotes string defaults and reports "no default" as the text NULL.
 */
import type { RawRow, SqlExecutor } from '../dialect/sql-executor.js';
import {
  type ColumnShape,
  canonicalType,
  foreignKeyText,
  type IndexShape,
  isTextType,
  type SchemaShape,
  type TableShape,
} from './schema-shape.js';

const TABLES = `SELECT TABLE_NAME AS table_name, ENGINE AS engine, TABLE_COLLATION AS collation
FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'`;
const COLUMNS = `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, COLUMN_TYPE AS column_type,
  IS_NULLABLE AS is_nullable, COLUMN_DEFAULT AS column_default, COLLATION_NAME AS collation
FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION`;
const INDEX_COLUMNS = `SELECT TABLE_NAME AS table_name, INDEX_NAME AS index_name, COLUMN_NAME AS column_name,
  NON_UNIQUE AS non_unique, SUB_PART AS sub_part
FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX`;
const FOREIGN_KEY_COLUMNS = `SELECT k.TABLE_NAME AS table_name, k.CONSTRAINT_NAME AS constraint_name, k.COLUMN_NAME AS column_name,
  k.REFERENCED_TABLE_NAME AS referenced_table, k.REFERENCED_COLUMN_NAME AS referenced_column,
  r.DELETE_RULE AS delete_rule, r.UPDATE_RULE AS update_rule
FROM information_schema.KEY_COLUMN_USAGE k
JOIN information_schema.REFERENTIAL_CONSTRAINTS r
  ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME
WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION`;

const text = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value);

/** MySQL 8.0 gives a string default unquoted; MariaDB quotes it and writes a missing default as NULL. */
function columnDefault(raw: unknown, type: string, mariadb: boolean): string | undefined {
  const value = text(raw);
  if (value === undefined || (mariadb && value === 'NULL')) return undefined;
  if (!mariadb && isTextType(type)) return `'${value.replace(/'/g, "''")}'`;
  return value;
}

function groupBy(rows: RawRow[], key: (row: RawRow) => string): Map<string, RawRow[]> {
  const groups = new Map<string, RawRow[]>();
  for (const row of rows) {
    const name = key(row);
    groups.set(name, [...(groups.get(name) ?? []), row]);
  }
  return groups;
}

export async function mysqlTableNames(connection: SqlExecutor): Promise<string[]> {
  return (await connection.all(TABLES)).map((row) => String(row.table_name));
}

export async function readMysqlTables(connection: SqlExecutor, tables: readonly string[]): Promise<SchemaShape> {
  const mariadb = /mariadb/i.test(String((await connection.get('SELECT VERSION() AS version'))?.version ?? ''));
  const wanted = (row: RawRow) => tables.includes(String(row.table_name));
  const byTable = (rows: RawRow[]) => groupBy(rows.filter(wanted), (row) => String(row.table_name));
  const tableRows = byTable(await connection.all(TABLES));
  const columnRows = byTable(await connection.all(COLUMNS));
  const indexRows = byTable(await connection.all(INDEX_COLUMNS));
  const foreignKeyRows = byTable(await connection.all(FOREIGN_KEY_COLUMNS));

  const shape = new Map<string, TableShape>();
  for (const [table, [info]] of tableRows) {
    const columns = new Map<string, ColumnShape>();
    for (const row of columnRows.get(table) ?? []) {
      const type = canonicalType(String(row.column_type));
      columns.set(String(row.column_name), {
        type,
        notNull: row.is_nullable === 'NO',
        default: columnDefault(row.column_default, type, mariadb),
        collation: text(row.collation),
      });
    }
    const foreignKeys = [...groupBy(foreignKeyRows.get(table) ?? [], (row) => String(row.constraint_name))].map(
      ([name, rows]) =>
        foreignKeyText({
          name,
          columns: rows.map((row) => String(row.column_name)),
          table: String(rows[0]?.referenced_table),
          references: rows.map((row) => String(row.referenced_column)),
          onDelete: String(rows[0]?.delete_rule),
          onUpdate: String(rows[0]?.update_rule),
        }),
    );
    const foreignKeyNames = new Set(foreignKeyRows.get(table)?.map((row) => String(row.constraint_name)));
    const indexes = new Map<string, IndexShape>();
    let primaryKey: string[] = [];
    for (const [name, rows] of groupBy(indexRows.get(table) ?? [], (row) => String(row.index_name))) {
      const parts = rows.map(
        (row) => `${String(row.column_name)}${row.sub_part === null ? '' : `(${String(row.sub_part)})`}`,
      );
      if (name === 'PRIMARY') primaryKey = parts;
      else indexes.set(name, { columns: parts, unique: Number(rows[0]?.non_unique) === 0 });
    }
    shape.set(table, {
      columns,
      primaryKey,
      indexes,
      // InnoDB names the index it adds for a foreign key without a usable one after the constraint.
      implicitIndexes: new Set([...indexes.keys()].filter((name) => foreignKeyNames.has(name))),
      foreignKeys: new Set(foreignKeys),
      engine: text(info?.engine),
      collation: text(info?.collation),
    });
  }
  return shape;
}
