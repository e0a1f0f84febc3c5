/**
 * What a repository is given: the typed Drizzle client and tables (typed through `#orm-dialect`, so the same code
 * is checked against both dialects), the dialect's differences, and the executor for the hot lookups.
 */
import type { SqlExecutor } from '@gateway-db/core/dialect/sql-executor.js';
import type { OrmClient, OrmTables } from '#orm-dialect';
import type { DialectOps } from './dialect-ops.js';
import type { GatewayOrm } from './gateway-orm.js';
import { mysqlOps } from './mysql-ops.js';
import { createMysqlOrm } from './mysql-orm.js';
import { sqliteOps } from './sqlite-ops.js';
import { createSqliteOrm } from './sqlite-orm.js';

export interface OrmContext {
  readonly client: OrmClient;
  readonly tables: OrmTables;
  readonly ops: DialectOps;
  readonly executor: SqlExecutor;
  /** The public `db.orm` of this scope. */
  readonly orm: GatewayOrm;
  /** Runs `fn` in one transaction with a context bound to it (see SqlExecutor.transaction). */
  transaction<T>(fn: (tx: OrmContext) => Promise<T>): Promise<T>;
}

export function createOrmContext(executor: SqlExecutor): OrmContext {
  const orm = executor.dialect === 'sqlite' ? createSqliteOrm(executor) : createMysqlOrm(executor);
  const ops = orm.dialect === 'sqlite' ? sqliteOps(orm, executor) : mysqlOps(orm, executor);
  return {
    // The one cast: repositories are typed against `#orm-dialect` and type-checked for both dialects
    // (`pnpm typecheck`); at run time the client and tables are those of this store's dialect.
    client: orm.client as unknown as OrmClient,
    tables: orm.tables as unknown as OrmTables,
    ops,
    executor,
    orm,
    transaction: (fn) => executor.transaction((tx) => fn(createOrmContext(tx))),
  };
}
