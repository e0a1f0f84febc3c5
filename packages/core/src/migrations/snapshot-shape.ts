/**
 * The tables a migration leaves behind, as drizzle-kit recorded them in `meta/<NNNN>_snapshot.json` next to the
 * SQL, plus the MySQL table options (ENGINE, COLLATE) that only the SQL carries (scripts/ddl/mysql-table-options.ts
 * adds them after drizzle-kit). Used to recognise tables made by `drizzle-kit push` or `migrate`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayDbError } from '../errors.js';
import type { Migration } from './read-migrations.js';
import {
  type ColumnShape,
  canonicalDefault,
  canonicalType,
  foreignKeyText,
  type IndexShape,
  isTextType,
  type SchemaShape,
  type TableShape,
} from './schema-shape.js';

interface SnapshotTable {
  readonly columns?: Record<
    string,
    { name: string; type: string; primaryKey?: boolean; notNull?: boolean; default?: unknown }
  >;
  readonly indexes?: Record<string, { name: string; columns: string[]; isUnique?: boolean }>;
  readonly uniqueConstraints?: Record<string, { name: string; columns: string[] }>;
  readonly compositePrimaryKeys?: Record<string, { columns: string[] }>;
  readonly foreignKeys?: Record<
    string,
    {
      name: string;
      columnsFrom: string[];
      tableTo: string;
      columnsTo: string[];
      onDelete?: string;
      onUpdate?: string;
    }
  >;
  readonly checkConstraint?: Record<string, unknown>;
  readonly checkConstraints?: Record<string, unknown>;
}

/** How a dialect names what the snapshot describes. */
export interface ConstraintNaming {
  /** MySQL: foreign keys and UNIQUE constraints keep their names; SQLite: neither has one to read back. */
  readonly namedConstraints: boolean;
}

function snapshotPath(folder: string, tag: string): string {
  return join(folder, 'meta', `${/^\d+/.exec(tag)?.[0] ?? tag}_snapshot.json`);
}

function readSnapshotTables(folder: string, tag: string): Record<string, SnapshotTable> {
  const path = snapshotPath(folder, tag);
  try {
    const snapshot = JSON.parse(readFileSync(path, 'utf8')) as { tables?: Record<string, SnapshotTable> };
    if (snapshot.tables && typeof snapshot.tables === 'object') return snapshot.tables;
  } catch (cause) {
    throw new GatewayDbError({
      code: 'MIGRATION',
      message: `Cannot read the drizzle-kit snapshot ${path} of migration ${tag}`,
      cause,
    });
  }
  throw new GatewayDbError({
    code: 'MIGRATION',
    message: `The drizzle-kit snapshot ${path} of migration ${tag} has no tables`,
  });
}

/** ENGINE and COLLATE of every `CREATE TABLE ... ) ENGINE=... COLLATE=...;` in the migrations, by table. */
function tableOptions(migrations: readonly Migration[]): Map<string, { engine?: string; collation?: string }> {
  const options = new Map<string, { engine?: string; collation?: string }>();
  for (const statement of migrations.flatMap((migration) => migration.statements)) {
    const create = /^CREATE TABLE\s+`([^`]+)`[\s\S]*\)([^()]*)$/i.exec(statement.trim());
    if (!create) continue;
    const tail = create[2] ?? '';
    options.set(create[1] ?? '', {
      engine: /ENGINE\s*=\s*(\w+)/i.exec(tail)?.[1],
      collation: /COLLATE\s*=\s*(\w+)/i.exec(tail)?.[1],
    });
  }
  return options;
}

function tableShape(
  table: SnapshotTable,
  naming: ConstraintNaming,
  options: { engine?: string; collation?: string } | undefined,
): TableShape {
  const columns = new Map<string, ColumnShape>();
  for (const column of Object.values(table.columns ?? {})) {
    const type = canonicalType(column.type);
    columns.set(column.name, {
      type,
      notNull: column.notNull === true,
      default: canonicalDefault(column.default),
      collation: options?.collation !== undefined && isTextType(type) ? options.collation : undefined,
    });
  }
  const indexes = new Map<string, IndexShape>();
  for (const index of Object.values(table.indexes ?? {}))
    indexes.set(index.name, { columns: index.columns, unique: index.isUnique === true });
  for (const unique of Object.values(table.uniqueConstraints ?? {})) {
    indexes.set(naming.namedConstraints ? unique.name : `unique(${unique.columns.join(',')})`, {
      columns: unique.columns,
      unique: true,
    });
  }
  const composite = Object.values(table.compositePrimaryKeys ?? {})[0]?.columns;
  const foreignKeys = Object.values(table.foreignKeys ?? {}).map((key) =>
    foreignKeyText({
      name: naming.namedConstraints ? key.name : undefined,
      columns: key.columnsFrom,
      table: key.tableTo,
      references: key.columnsTo,
      onDelete: key.onDelete ?? 'no action',
      onUpdate: key.onUpdate ?? 'no action',
    }),
  );
  return {
    columns,
    primaryKey:
      composite ??
      Object.values(table.columns ?? {})
        .filter((c) => c.primaryKey === true)
        .map((c) => c.name),
    indexes,
    implicitIndexes: new Set(),
    foreignKeys: new Set(foreignKeys),
    engine: options?.engine,
    collation: options?.collation,
  };
}

/**
 * The tables as they are after the last of `migrations`. CHECK constraints are not read back from the database,
 * so a snapshot that has any cannot be matched: it throws, and the tables are not adopted.
 */
export function snapshotShape(folder: string, migrations: readonly Migration[], naming: ConstraintNaming): SchemaShape {
  const last = migrations.at(-1);
  if (!last) return new Map();
  const options = tableOptions(migrations);
  const shape = new Map<string, TableShape>();
  for (const [name, table] of Object.entries(readSnapshotTables(folder, last.tag))) {
    if (Object.keys(table.checkConstraint ?? table.checkConstraints ?? {}).length > 0) {
      throw new GatewayDbError({
        code: 'MIGRATION',
        message: `Table ${name} of migration ${last.tag} has CHECK constraints, which gateway-db cannot compare with existing tables`,
      });
    }
    shape.set(name, tableShape(table, naming, options.get(name)));
  }
  return shape;
}
