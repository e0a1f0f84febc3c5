/**
 * The TYPES the repositories are written against, in the main build: MySQL's, the narrower of the two surfaces
 * (no `.returning()`, no synchronous `.get()/.all()/.run()`, no `onConflictDoUpdate`). `tsconfig.sqlite-check.json`
 * maps `#orm-dialect` to `typing-sqlite.ts` and type-checks the same repositories again, so a call that exists on
 * only one dialect fails one of the two checks. Types only: nothing here exists at run time.
 */

import type * as tables from '@gateway-db/schema/mysql';
import type { MySqlTable } from 'drizzle-orm/mysql-core';
import type { MySqlRemoteDatabase } from 'drizzle-orm/mysql-proxy';

export type OrmClient = MySqlRemoteDatabase;
export type OrmTables = typeof tables;
/** Any table of this dialect, for helpers that work on several tables. */
export type OrmTable = MySqlTable;
