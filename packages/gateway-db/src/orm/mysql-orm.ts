/** `db.orm` on MySQL: Drizzle's mysql-proxy over the executor (its pool, packet check and error mapping). */
import type { SqlExecutor, SqlValue } from '@gateway-db/core/dialect/sql-executor.js';
import * as tables from '@gateway-db/schema/mysql';
import { drizzle } from 'drizzle-orm/mysql-proxy';
import type { MysqlOrm } from './gateway-orm.js';
import { makeSessionSafe } from './safe-session.js';

export function createMysqlOrm(executor: SqlExecutor): MysqlOrm {
  const client = drizzle(async (sql, params, method) => {
    const bound = params as SqlValue[];
    if (method === 'execute') {
      // Drizzle reads `rows[0].affectedRows` / `insertId`, as from mysql2's ResultSetHeader.
      const { changes } = await executor.run(sql, bound);
      return { rows: [{ affectedRows: changes, insertId: 0 }] };
    }
    return { rows: await executor.values(sql, bound) };
  });
  return { dialect: 'mysql', client: makeSessionSafe(client), tables };
}
