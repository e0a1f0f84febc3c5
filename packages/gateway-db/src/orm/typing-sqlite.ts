/**
 * The same names as `typing-mysql.ts`, typed for SQLite: the second type check of the repositories
 * (`tsconfig.sqlite-check.json`) resolves `#orm-dialect` here. Types only.
 */

import type * as tables from '@gateway-db/schema/sqlite';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';

export type OrmClient = SqliteRemoteDatabase;
export type OrmTables = typeof tables;
/** Any table of this dialect, for helpers that work on several tables. */
export type OrmTable = SQLiteTable;
