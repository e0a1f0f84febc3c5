/** Applies the committed drizzle-kit DDL as it is, statement by statement (the schema tests' own tiny runner). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import type { Connection } from 'mysql2/promise';
import { type Dialect, migrationsFolder } from '../../src/index.js';

export function generatedStatements(dialect: Dialect): string[] {
  const folder = migrationsFolder(dialect);
  return readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .flatMap((name) => readFileSync(join(folder, name), 'utf8').split('--> statement-breakpoint'))
    .map((statement) => statement.trim())
    .filter(Boolean);
}

export function applyToSqlite(db: Database.Database): void {
  for (const statement of generatedStatements('sqlite')) db.exec(statement);
}

export async function applyToMysql(connection: Connection): Promise<void> {
  for (const statement of generatedStatements('mysql')) await connection.query(statement);
}
