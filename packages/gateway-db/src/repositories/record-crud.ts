/**
 * create / update / delete for the tables whose rows carry `id`, `created_at` and `updated_at`: ids are generated
 * when absent, timestamps are set here (ms), and an update writes only the columns it is given.
 */
import type { TableSpec } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { GatewayDbError } from '../errors.js';
import { generateId } from './generate-id.js';
import { type ColumnValues, type TableAccess, givenColumns, tableAccess } from './table-access.js';

/** What a caller may pass to `create`: the insert type without the timestamps, id optional. */
export type CreateInput<TNew> = Omit<TNew, 'id' | 'created_at' | 'updated_at'> & { id?: string };
/** What a caller may pass to `update`: any subset of the columns, except the id and the timestamps. */
export type UpdateInput<TNew> = Partial<Omit<TNew, 'id' | 'created_at' | 'updated_at'>>;

/** Columns no update may change, whatever the caller passes at run time. */
const ALWAYS_IMMUTABLE = ['id', 'created_at', 'updated_at'];

export interface RecordCrud<TRow> {
  readonly access: TableAccess<TRow>;
  create(input: ColumnValues): Promise<TRow>;
  /** The updated row, or undefined when no row has this id. */
  update(id: string, partial: ColumnValues): Promise<TRow | undefined>;
  delete(id: string): Promise<boolean>;
}

export function recordCrud<TRow>(
  executor: SqlExecutor,
  spec: TableSpec,
  options: { immutable?: readonly string[] } = {},
): RecordCrud<TRow> {
  const access = tableAccess<TRow>(executor, spec);
  const immutable = [...ALWAYS_IMMUTABLE, ...(options.immutable ?? [])];

  return {
    access,
    async create(input) {
      const now = Date.now();
      const id = typeof input.id === 'string' ? input.id : generateId();
      await access.insert({ ...input, id, created_at: now, updated_at: now });
      const row = await access.getById(id);
      // Only a concurrent delete between the two statements gets here.
      if (row === undefined) {
        throw new GatewayDbError({ code: 'NOT_FOUND', message: `${spec.name}: row ${id} vanished right after its insert` });
      }
      return row;
    },
    async update(id, partial) {
      const changes: ColumnValues = {};
      for (const [name, value] of Object.entries(partial)) if (!immutable.includes(name)) changes[name] = value;
      if (givenColumns(spec, changes).length > 0) {
        await access.updateById(id, { ...changes, updated_at: Date.now() });
      }
      return access.getById(id);
    },
    delete: (id) => access.deleteById(id),
  };
}
