/**
 * `db.orm`: the typed Drizzle database of the store's dialect and the emitted tables, for the gateway's own
 * queries. Narrow on `dialect` to get the precise client type:
 *
 *   if (db.orm.dialect === 'sqlite') await db.orm.client.select().from(db.orm.tables.virtualKeys);
 *
 * Its statements run through the same executor as the repositories (same connection, same error codes, same
 * transaction lock on SQLite); inside `db.transaction(async (tx) => ...)` use `tx.orm`.
 */
import type * as mysqlTables from '@gateway-db/schema/mysql';
import type * as sqliteTables from '@gateway-db/schema/sqlite';
import type { MySqlRemoteDatabase } from 'drizzle-orm/mysql-proxy';
import type { SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';

export interface SqliteOrm {
  readonly dialect: 'sqlite';
  readonly client: SqliteRemoteDatabase;
  readonly tables: typeof sqliteTables;
}

export interface MysqlOrm {
  readonly dialect: 'mysql';
  readonly client: MySqlRemoteDatabase;
  readonly tables: typeof mysqlTables;
}

export type GatewayOrm = SqliteOrm | MysqlOrm;
