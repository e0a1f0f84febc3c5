/** `db.orm` on SQLite: Drizzle's sqlite-proxy over the executor (its lock, statement cache and error mapping). */
import type { SqlExecutor, SqlValue } from '@gateway-db/core/dialect/sql-executor.js';
import * as tables from '@gateway-db/schema/sqlite';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import type { SqliteOrm } from './gateway-orm.js';
import { makeSessionSafe } from './safe-session.js';

export function createSqliteOrm(executor: SqlExecutor): SqliteOrm {
  const client = drizzle(async (sql, params, method) => {
    const bound = params as SqlValue[];
    if (method === 'run') {
      // `changes` rides along: an awaited update/delete resolves to this object (see sqlite-ops.ts).
      const { changes } = await executor.run(sql, bound);
      return { rows: [], changes };
    }
    const rows = await executor.values(sql, bound);
    // `get` expects the single row itself (or undefined), `all` and `values` the list.
    return { rows: method === 'get' ? (rows[0] as unknown[]) : rows };
  });
  return { dialect: 'sqlite', client: makeSessionSafe(client), tables };
}
