/** The typed client of a SQLite store (see store-client.ts): Drizzle's sqlite-proxy over the store's connection. */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import {
  addColumn,
  createTableIfMissing,
  IMPORT_STATE_TABLE,
  importStateTables,
  RESUME_AFTER_COLUMN,
} from '../import-state-table.js';
import { type RawRunner, type SelectSpec, type StoreClient, settled } from '../store-client.js';

export function sqliteClient(runner: RawRunner): StoreClient {
  const db = drizzle(async (query, params, method) => {
    if (method === 'run') {
      await runner.run(query, params);
      return { rows: [] };
    }
    const rows = await runner.all(query, params);
    // `get` expects the one row itself.
    return { rows: method === 'get' ? (rows[0] ?? []) : rows };
  });
  const build = (spec: SelectSpec) => {
    let query = db.select(spec.fields).from(spec.from.sqlite).$dynamic();
    if (spec.where) query = query.where(spec.where);
    if (spec.groupBy) query = query.groupBy(spec.groupBy);
    if (spec.having) query = query.having(spec.having);
    if (spec.orderBy) query = query.orderBy(spec.orderBy);
    if (spec.limit !== undefined) query = query.limit(spec.limit);
    return query;
  };
  const state = importStateTables.sqlite;
  return {
    dialect: 'sqlite',
    select: (spec) => settled(build(spec)),
    render: (spec) => build(spec).toSQL(),
    // CAST AS BLOB compares bytes, as MySQL's VARBINARY keys do.
    binary: (expr) => sql`CAST(${expr} AS BLOB)`,
    clear: async (table) => void (await settled(db.delete(table.sqlite))),
    deleteWhere: async (table, where) => void (await settled(db.delete(table.sqlite).where(where))),
    importState: {
      create: async () => {
        await settled(db.run(createTableIfMissing(state)));
        // Catalog query (pragma_table_info is not a schema table): a table of an older migrator lacks the column.
        const columns = await runner.all('SELECT name FROM pragma_table_info(?)', [IMPORT_STATE_TABLE]);
        if (!columns.some(([name]) => name === RESUME_AFTER_COLUMN))
          await settled(db.run(addColumn(state, RESUME_AFTER_COLUMN)));
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
