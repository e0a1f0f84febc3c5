/**
 * What drizzle.config.ts checks on MySQL before `drizzle-kit push` or `migrate` touches the database:
 * 1. a missing database is created as gateway-db creates it (utf8mb4 / MYSQL_COLLATION), not left to drizzle-kit's
 *    "Unknown database";
 * 2. push: the database must default to MYSQL_COLLATION. drizzle-kit's CREATE TABLE names no charset or collation,
 *    so its columns take the database default; anything else would make them differ from gateway-db's DDL (and
 *    gateway-db refuses to adopt such tables);
 * 3. push on MariaDB: refused once the schema's tables exist. drizzle-kit 0.31 misreads MariaDB's
 *    information_schema (display widths such as bigint(20), the string 'NULL' as a column default, lower-case
 *    column labels that hide the primary keys), so a second push proposes MODIFY COLUMN for most columns (dropping
 *    their DEFAULTs) and ADD PRIMARY KEY, runs them until one fails, and still exits 0. MySQL 8.0 is not affected.
 */
import mysql from 'mysql2/promise';
import type { MysqlTarget } from './drizzle-kit-target.js';
import { MYSQL_COLLATION } from './mysql-table-options.js';

export type GuardedCommand = 'push' | 'migrate';

export function isGuardedCommand(command: string | undefined): command is GuardedCommand {
  return command === 'push' || command === 'migrate';
}

async function firstValue(
  connection: mysql.Connection,
  sql: string,
  params: unknown[] = [],
): Promise<string | undefined> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(sql, params);
  const value = rows[0] ? Object.values(rows[0])[0] : undefined;
  return value === undefined || value === null ? undefined : String(value);
}

async function existingTables(
  connection: mysql.Connection,
  database: string,
  tables: readonly string[],
): Promise<string[]> {
  const [rows] = await connection.query<mysql.RowDataPacket[]>(
    'SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
    [database],
  );
  return rows.map((row) => String(row.name)).filter((name) => tables.includes(name));
}

/** Creates the database when missing; returns why drizzle-kit must not run `command` on it (empty: go ahead). */
export async function prepareMysqlTarget(
  command: GuardedCommand,
  target: MysqlTarget,
  tables: readonly string[],
): Promise<string[]> {
  const { database } = target;
  const connection = await mysql.createConnection({
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
  });
  try {
    // The name was checked by mysqlTarget (letters, digits, _ $ -): safe inside backticks.
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE ${MYSQL_COLLATION}`,
    );
    if (command !== 'push') return [];
    const problems: string[] = [];
    const collation = await firstValue(
      connection,
      'SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [database],
    );
    if (collation !== MYSQL_COLLATION) {
      problems.push(
        `database ${database} defaults to ${collation ?? 'an unknown collation'}, and drizzle-kit push creates tables ` +
          `without a collation of their own, so its columns would not get gateway-db's ${MYSQL_COLLATION}. ` +
          `Run: ALTER DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE ${MYSQL_COLLATION}; then push again.`,
      );
    }
    const version = (await firstValue(connection, 'SELECT VERSION()')) ?? '';
    const present = await existingTables(connection, database, tables);
    if (/mariadb/i.test(version) && present.length > 0) {
      problems.push(
        `database ${database} already holds ${present.length} of the schema's tables and the server is MariaDB ` +
          `${version}: drizzle-kit 0.31 misreads MariaDB's information_schema, so this push would rewrite most ` +
          'columns (dropping their DEFAULTs) and try to add primary keys that exist. On MariaDB push only into a ' +
          'database without these tables; to bring an existing one up to date, open it with gateway-db (it applies ' +
          'the committed migrations in packages/schema/drizzle/mysql itself).',
      );
    }
    return problems;
  } finally {
    await connection.end();
  }
}
