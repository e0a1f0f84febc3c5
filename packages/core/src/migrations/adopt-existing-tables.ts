/**
 * A database whose tables were made outside gateway-db (`drizzle-kit push`, `drizzle-kit migrate`, by hand) has
 * the tables but no rows in gateway_db_migrations, so running migration 0000 would fail on "table exists". When
 * those tables are exactly what some migration leaves behind (drizzle-kit's snapshot of it, plus the MySQL table
 * options), that migration and the ones before it are recorded as applied and the rest run as usual. Otherwise
 * nothing is written and the error lists the differences and what to run.
 */
import type { Dialect } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { GatewayDbError } from '../errors.js';
import type { GatewayDbLogger } from '../logger.js';
import { MIGRATIONS_TABLE } from './migrations-table.js';
import { mysqlTableNames, readMysqlTables } from './mysql-schema-reader.js';
import type { Migration } from './read-migrations.js';
import { type SchemaDifference, type SchemaShape, schemaDifferences } from './schema-shape.js';
import { type ConstraintNaming, snapshotShape } from './snapshot-shape.js';
import { readSqliteTables, sqliteTableNames } from './sqlite-schema-reader.js';

interface SchemaReader extends ConstraintNaming {
  tableNames(connection: SqlExecutor): Promise<string[]>;
  read(connection: SqlExecutor, tables: readonly string[]): Promise<SchemaShape>;
}

const READERS: Readonly<Record<Dialect, SchemaReader>> = {
  sqlite: { namedConstraints: false, tableNames: sqliteTableNames, read: readSqliteTables },
  mysql: { namedConstraints: true, tableNames: mysqlTableNames, read: readMysqlTables },
};

const MAX_LISTED = 8;

export interface AdoptionContext {
  readonly dialect: Dialect;
  readonly folder: string;
  readonly migrations: readonly Migration[];
  /** The store, for messages (never with a password). */
  readonly description: string;
  readonly logger: GatewayDbLogger;
}

function createdTables(migrations: readonly Migration[]): Set<string> {
  const names = migrations.flatMap((m) => m.statements.map((s) => /^CREATE TABLE\s+`([^`]+)`/i.exec(s.trim())?.[1]));
  return new Set(names.filter((name): name is string => name !== undefined));
}

/** One line per table for collations (a pushed table differs in every text column), then the rest. */
function summary(differences: readonly SchemaDifference[]): string {
  const lines: string[] = [];
  const collations = new Map<string, SchemaDifference[]>();
  for (const d of differences) {
    if (d.kind === 'collation') collations.set(d.table, [...(collations.get(d.table) ?? []), d]);
    else lines.push(`${d.table}: ${d.problem}`);
  }
  const collationLines = [...collations].map(
    ([table, [first, ...rest]]) =>
      `${table}: ${first?.problem ?? ''}${rest.length > 0 ? ` (and ${rest.length} more collation difference${rest.length > 1 ? 's' : ''})` : ''}`,
  );
  const all = [...collationLines, ...lines];
  return all.slice(0, MAX_LISTED).join('; ') + (all.length > MAX_LISTED ? `; and ${all.length - MAX_LISTED} more` : '');
}

function advice(context: AdoptionContext, differences: readonly SchemaDifference[]): string {
  const fixes: string[] = [];
  const collation = differences.find((d) => d.kind === 'collation')?.expected;
  if (collation !== undefined) {
    const tables = [...new Set(differences.filter((d) => d.kind === 'collation').map((d) => d.table))];
    fixes.push(
      `for the collation run ALTER TABLE \`<table>\` CONVERT TO CHARACTER SET utf8mb4 COLLATE ${collation}; for ${tables.join(', ')} ` +
        `(and ALTER DATABASE ... CHARACTER SET utf8mb4 COLLATE ${collation}; so tables created later get it too)`,
    );
  }
  if (differences.some((d) => d.kind !== 'collation')) {
    fixes.push(
      `${fixes.length > 0 ? 'for the rest ' : ''}make the tables match this version's schema (\`DB_DIALECT=${context.dialect} pnpm drizzle-kit push\` ` +
        'does, except on MariaDB), or open an empty database and let gateway-db create the tables itself',
    );
  }
  return ` To fix: ${fixes.join('; ')}; then open the store again.`;
}

function notAdoptable(
  context: AdoptionContext,
  present: readonly string[],
  differences: readonly SchemaDifference[],
): GatewayDbError {
  return new GatewayDbError({
    code: 'MIGRATION',
    message:
      `${context.description} already has ${present.length} of gateway-db's tables but no record in ${MIGRATIONS_TABLE} ` +
      '(made by drizzle-kit push or migrate, or by hand), and they do not match migration ' +
      `${context.migrations.at(-1)?.tag ?? '?'} exactly, so gateway-db will not take them over: ${summary(differences)}.` +
      advice(context, differences),
  });
}

/** Records the migrations the existing tables already match; does nothing on a database without them. */
export async function adoptExistingTables(connection: SqlExecutor, context: AdoptionContext): Promise<void> {
  const reader = READERS[context.dialect];
  const ours = createdTables(context.migrations);
  const present = (await reader.tableNames(connection)).filter((name) => ours.has(name));
  if (present.length === 0) return;
  const actual = await reader.read(connection, present);
  let newest: SchemaDifference[] | undefined;
  for (let count = context.migrations.length; count > 0; count--) {
    const matched = context.migrations.slice(0, count);
    let expected: SchemaShape;
    try {
      expected = snapshotShape(context.folder, matched, reader);
    } catch (error) {
      // Without the newest snapshot nothing can be checked; an older one missing only ends the search.
      if (newest === undefined) throw error;
      break;
    }
    const differences = schemaDifferences(expected, actual);
    if (differences.length === 0) {
      for (const migration of matched) {
        await connection.run(
          `INSERT INTO \`${MIGRATIONS_TABLE}\` (\`tag\`, \`hash\`, \`statements_done\`, \`applied_at\`) VALUES (?, ?, ?, ?)`,
          [migration.tag, migration.hash, migration.statements.length, Date.now()],
        );
      }
      context.logger.info(
        `the tables in ${context.description} were made outside gateway-db and match migration ${matched.at(-1)?.tag} exactly: ` +
          `recorded ${matched.map((m) => m.tag).join(', ')} as applied`,
        {
          code: 'migration.adopted',
          count: matched.length,
          migration: matched.at(-1)?.tag ?? '',
          dialect: context.dialect,
        },
      );
      return;
    }
    newest ??= differences;
  }
  throw notAdoptable(context, present, newest ?? []);
}
