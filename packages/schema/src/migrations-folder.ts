import { fileURLToPath } from 'node:url';
import type { Dialect } from './dialect.js';

/**
 * The folder of the committed, drizzle-kit generated DDL for a dialect (`drizzle/<dialect>` in this package:
 * SQL files plus `meta/_journal.json`). Works from `src/` and from the built `dist/`, both one level down.
 */
export function migrationsFolder(dialect: Dialect): string {
  return fileURLToPath(new URL(`../drizzle/${dialect}`, import.meta.url));
}

/**
 * Equivalents gateway-db runs instead of some committed SQLite migrations (same tag): where drizzle-kit rebuilds a
 * table (copies every row) for a change that does not touch how rows are stored, such as dropping a foreign key,
 * the file here edits the schema in place. drizzle-kit itself still runs the committed file.
 */
export function inPlaceMigrationsFolder(dialect: Dialect): string | undefined {
  return dialect === 'sqlite' ? fileURLToPath(new URL('../drizzle/sqlite-in-place', import.meta.url)) : undefined;
}
