/**
 * The rules every admin table's writes share (tables whose rows carry `id`, `created_at`, `updated_at`): ids are
 * generated when absent, timestamps are set here (ms), and an update writes only the columns it is given, never
 * the id, the timestamps or a table's own immutable columns, whatever a caller passes at run time. A value that
 * does not fit its column (NaN, 2.5 for an integer, a number for text) is refused (value-rules.ts).
 */
import { GatewayDbError } from '@gateway-db/core/errors.js';
import { getTableColumns, type Table } from 'drizzle-orm';
import { generateId } from './generate-id.js';
import { assertValuesFit } from './value-rules.js';

/** What a caller may pass to `create`: the insert type without the timestamps, id optional. */
export type CreateInput<TNew> = Omit<TNew, 'id' | 'created_at' | 'updated_at'> & { id?: string };
/** What a caller may pass to `update`: any subset of the columns, except the id and the timestamps. */
export type UpdateInput<TNew> = Partial<Omit<TNew, 'id' | 'created_at' | 'updated_at'>>;

const ALWAYS_IMMUTABLE = ['id', 'created_at', 'updated_at'];

/** The row to insert: the input with its id (generated when absent) and both timestamps set to now. */
export function newRecord<T extends { id?: string | undefined }>(
  table: Table,
  input: T,
): T & { id: string; created_at: number; updated_at: number } {
  assertValuesFit(table, input);
  const now = Date.now();
  return { ...input, id: typeof input.id === 'string' ? input.id : generateId(), created_at: now, updated_at: now };
}

/**
 * The columns of `partial` an update may write (defined values of the table's own, mutable columns), or
 * undefined when none is left: then nothing is written and `updated_at` stays as it is.
 */
export function updatableChanges<T extends object>(
  table: Table,
  partial: T,
  immutable: readonly string[] = [],
): T | undefined {
  const columns = getTableColumns(table);
  const changes: Record<string, unknown> = {};
  let given = 0;
  for (const [name, value] of Object.entries(partial)) {
    if (value === undefined || !(name in columns) || ALWAYS_IMMUTABLE.includes(name) || immutable.includes(name))
      continue;
    changes[name] = value;
    given++;
  }
  if (given === 0) return undefined;
  assertValuesFit(table, changes);
  return changes as T;
}

/** The row read back right after its insert; only a concurrent delete between the two statements throws. */
export function insertedRow<TRow>(row: TRow | undefined, table: string, id: string): TRow {
  if (row === undefined) {
    throw new GatewayDbError({ code: 'NOT_FOUND', message: `${table}: row ${id} vanished right after its insert` });
  }
  return row;
}
