/** The typed client of a MySQL/MariaDB store (see store-client.ts): Drizzle's mysql-proxy over its connection. */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/mysql-proxy';
import {
  addColumn,
  createTableIfMissing,
  IMPORT_STATE_TABLE,
  importStateTables,
  RESUME_AFTER_COLUMN,
} from '../import-state-table.js';
import { type RawRunner, type SelectSpec, type StoreClient, settled } from '../store-client.js';

export function mysqlClient(runner: RawRunner): StoreClient {
  const db = drizzle(async (query, params, method) => {
    if (method === 'execute') {
      await runner.run(query, params);
      // Drizzle reads the result header of a write; nothing here uses it.
      return { rows: [{ affectedRows: 0, insertId: 0 }] };
    }
    return { rows: await runner.all(query, params) };
  });
  const build = (spec: SelectSpec) => {
    let query = db.select(spec.fields).from(spec.from.mysql).$dynamic();
    if (spec.where) query = query.where(spec.where);
    if (spec.groupBy) query = query.groupBy(spec.groupBy);
    if (spec.having) query = query.having(spec.having);
    if (spec.orderBy) query = query.orderBy(spec.orderBy);
    if (spec.limit !== undefined) query = query.limit(spec.limit);
    return query;
  };
  const state = importStateTables.mysql;
  return {
    dialect: 'mysql',
    select: (spec) => settled(build(spec)),
    render: (spec) => build(spec).toSQL(),
    binary: (expr) => sql`CAST(${expr} AS BINARY)`,
    // TRUNCATE, not DELETE: the big tables are emptied without logging every row (Drizzle has no TRUNCATE builder).
    clear: async (table) => void (await settled(db.execute(sql`TRUNCATE TABLE ${table.mysql}`))),
    deleteWhere: async (table, where) => void (await settled(db.delete(table.mysql).where(where))),
    importState: {
      create: async () => {
        await settled(db.execute(createTableIfMissing(state)));
        // Catalog query (the information schema is not a schema table): an older migrator's table lacks the column.
        const columns = await runner.all(
          'SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?',
          [IMPORT_STATE_TABLE, RESUME_AFTER_COLUMN],
        );
        if (columns.length === 0) await settled(db.execute(addColumn(state, RESUME_AFTER_COLUMN)));
      },
      select: (where) => settled(db.select().from(state).where(where(state))),
      selectRun: (where) => {
        const { name, state: runState, source, fingerprint, updated_at } = state;
        const columns = { name, state: runState, source, fingerprint, updated_at };
        return settled(db.select(columns).from(state).where(where(state)));
      },
      insert: async (row) => void (await settled(db.insert(state).values(row))),
      update: async (set, where) => void (await settled(db.update(state).set(set).where(where(state)))),
      delete: async (where) => void (await settled(db.delete(state).where(where(state)))),
    },
  };
}
