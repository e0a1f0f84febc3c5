/**
 * The repositories are type-checked twice (`pnpm typecheck`): against MySQL's Drizzle types (the main build) and
 * against SQLite's (tsconfig.sqlite-check.json). These checks pin what makes that worthwhile: each typing
 * module rejects the other dialect's own calls, so a dialect-only call in a repository fails one of the builds.
 */
import * as mysqlTables from '@gateway-db/schema/mysql';
import * as sqliteTables from '@gateway-db/schema/sqlite';
import { describe, it } from 'vitest';
import type { OrmClient as MysqlClient } from '../../src/orm/typing-mysql.js';
import type { OrmClient as SqliteClient } from '../../src/orm/typing-sqlite.js';

declare const mysql: MysqlClient;
declare const sqlite: SqliteClient;
const user = { id: 'a', username: 'a', password_hash: 'h', created_at: 1, updated_at: 1 };

describe('the two typing dialects', () => {
  it('MySQL has no synchronous get(), no returning(), no onConflictDoUpdate()', () => {
    const insert = mysql.insert(mysqlTables.users).values(user);
    // @ts-expect-error SQLite only
    void mysql.select().from(mysqlTables.users).get;
    // @ts-expect-error SQLite only
    void insert.returning;
    // @ts-expect-error SQLite only
    void insert.onConflictDoUpdate;
  });

  it('SQLite has no onDuplicateKeyUpdate() and no locking for()', () => {
    const insert = sqlite.insert(sqliteTables.users).values(user);
    // @ts-expect-error MySQL only
    void insert.onDuplicateKeyUpdate;
    // @ts-expect-error MySQL only
    void sqlite.select().from(sqliteTables.users).for;
  });

  it('both select from the same table names', () => {
    void mysql.select().from(mysqlTables.virtualKeys);
    void sqlite.select().from(sqliteTables.virtualKeys);
  });
});
