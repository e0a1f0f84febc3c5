/**
 * A fresh store per test file and dialect, opened the way createGatewayDb opens it (executor, migrations,
 * repositories), with every statement recorded so tests can see how a repository talks to the database.
 */

import type { RawRow, SqlExecutor, SqlValue } from '@gateway-db/core/dialect/sql-executor.js';
import { SqliteReadWorker } from '@gateway-db/core/dialect/sqlite/sqlite-read-worker.js';
import { type Dialect, tableSpecs, tablesInForeignKeyOrder } from '@gateway-db/schema';
import { createTestDatabase } from '@gateway-db/test-support';
import { ApiRequestLogWriter } from '../../../src/log-writer.js';
import { createOrmContext } from '../../../src/orm/orm-context.js';
import { createRepositories, type Repositories, type RepositoriesOptions } from '../../../src/repositories/index.js';
import { openExecutor } from './open-executor.js';

export interface TestStore {
  readonly repos: Repositories;
  /** The executor the repositories use (statements through it are recorded). */
  readonly executor: SqlExecutor;
  /** The SQL text of every statement since the last `reset()`. */
  readonly statements: string[];
  /** Empties every table and the statement log. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** Wraps an executor so every statement it (or a transaction of it) runs is appended to `log`. */
function recording(executor: SqlExecutor, log: string[]): SqlExecutor {
  const logged = <T>(sql: string, statement: () => T): T => {
    log.push(sql);
    return statement();
  };
  return {
    dialect: executor.dialect,
    all: (sql: string, params?: readonly SqlValue[]): Promise<RawRow[]> => logged(sql, () => executor.all(sql, params)),
    get: (sql: string, params?: readonly SqlValue[]) => logged(sql, () => executor.get(sql, params)),
    values: (sql: string, params?: readonly SqlValue[]) => logged(sql, () => executor.values(sql, params)),
    prepareGet: (sql, decode) => {
      const get = executor.prepareGet(sql, decode);
      return (params) => logged(sql, () => get(params));
    },
    run: (sql: string, params?: readonly SqlValue[]) => logged(sql, () => executor.run(sql, params)),
    transaction: (fn) => executor.transaction((tx) => fn(recording(tx, log))),
    close: () => executor.close(),
  };
}

export async function openTestStore(dialect: Dialect, options: RepositoriesOptions = {}): Promise<TestStore> {
  const database = await createTestDatabase(dialect, 'repos');
  const executor = await openExecutor(database);
  const statements: string[] = [];
  const recorded = recording(executor, statements);
  // The writer uses the executor directly: its INSERTs are not repository statements.
  const logWriter = new ApiRequestLogWriter(executor);
  // Dashboards and lists read through the SQLite read worker, as createGatewayDb wires them.
  const readWorker = database.sqlitePath ? new SqliteReadWorker(executor, { path: database.sqlitePath }) : undefined;
  const reads = readWorker ? createOrmContext(recording(readWorker, statements)) : undefined;
  return {
    repos: createRepositories(createOrmContext(recorded), logWriter, options, reads),
    executor: recorded,
    statements,
    async reset() {
      await logWriter.flush();
      for (const table of tablesInForeignKeyOrder(tableSpecs).reverse())
        await executor.run(`DELETE FROM \`${table.name}\``);
      statements.length = 0;
    },
    async close() {
      await logWriter.close();
      await readWorker?.close();
      await executor.close();
      await database.drop();
    },
  };
}

/** Waits long enough for `Date.now()` to move on, so rows created one after the other have distinct times. */
export function nextMillisecond(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 3));
}
