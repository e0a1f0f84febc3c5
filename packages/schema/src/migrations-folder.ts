import { fileURLToPath } from 'node:url';
import type { Dialect } from './dialect.js';

/**
 * The folder of the committed, drizzle-kit generated DDL for a dialect (`drizzle/<dialect>` in this package:
 * SQL files plus `meta/_journal.json`). Works from `src/` and from the built `dist/`, both one level down.
 */
export function migrationsFolder(dialect: Dialect): string {
  return fileURLToPath(new URL(`../drizzle/${dialect}`, import.meta.url));
}
