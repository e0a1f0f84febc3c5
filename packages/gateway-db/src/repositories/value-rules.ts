/**
 * One rule for the values every write sends, the same on both dialects, derived from the Drizzle columns. Left to
 * the drivers, odd values were changed silently and differently: on MySQL NaN became -9.2e18, 2.5 became 2 and a
 * Date became 20231114221320; on SQLite NaN became NULL and the number 12345 in a text column became "12345.0".
 * - Admin writes (create/update of config tables) refuse such a value with DATA_DOES_NOT_FIT naming the column.
 * - Log rows (text and numbers a client or an upstream sent) are never refused: the value is normalised the same
 *   way everywhere (below) and the column is reported as repaired.
 * Column kinds: integer (tokens, counts, timestamps, ports), number (durations, REAL/DOUBLE), text, flag.
 */
import { GatewayDbError } from '@gateway-db/core/errors.js';
import { type Column, getTableColumns, getTableName, type Table } from 'drizzle-orm';

type ValueKind = 'integer' | 'number' | 'text' | 'flag';

const REAL_COLUMN_TYPES = new Set(['SQLiteReal', 'MySqlDouble', 'MySqlFloat', 'MySqlReal']);

function kindOf(column: Column): ValueKind {
  if (column.dataType === 'boolean') return 'flag';
  if (column.dataType === 'number') return REAL_COLUMN_TYPES.has(column.columnType) ? 'number' : 'integer';
  return 'text';
}

/** Why a value does not fit its kind, or undefined when it does (null always fits: NOT NULL is the database's). */
function problemWith(kind: ValueKind, value: unknown): string | undefined {
  if (value === null) return undefined;
  switch (kind) {
    case 'integer':
      return Number.isSafeInteger(value) ? undefined : 'must be a whole number between -(2^53 - 1) and 2^53 - 1';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a finite number';
    case 'flag':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'text':
      return typeof value === 'string' ? undefined : 'must be a string';
  }
}

/** The value as a log row stores it when it does not fit its kind (see the module comment). */
function normalised(kind: ValueKind, value: unknown): unknown {
  const asNumber = value instanceof Date ? value.getTime() : typeof value === 'bigint' ? Number(value) : value;
  switch (kind) {
    case 'integer': {
      if (typeof asNumber !== 'number' || Number.isNaN(asNumber)) return null;
      const clamped = Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, asNumber));
      return Math.round(clamped);
    }
    case 'number':
      return typeof asNumber === 'number' && Number.isFinite(asNumber) ? asNumber : null;
    case 'flag':
      return Boolean(value);
    case 'text':
      return value instanceof Date
        ? value.toISOString()
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  }
}

const kindsByTable = new WeakMap<Table, ReadonlyMap<string, ValueKind>>();

/** The value kinds of a table's columns, by property name (computed once per table). */
function valueKinds(table: Table): ReadonlyMap<string, ValueKind> {
  let kinds = kindsByTable.get(table);
  if (kinds === undefined) {
    kinds = new Map(
      Object.entries(getTableColumns(table) as Record<string, Column>).map(([key, c]) => [key, kindOf(c)]),
    );
    kindsByTable.set(table, kinds);
  }
  return kinds;
}

/** Admin writes: throws DATA_DOES_NOT_FIT for the first given value that does not fit its column. */
export function assertValuesFit(table: Table, values: object): void {
  const kinds = valueKinds(table);
  for (const [key, value] of Object.entries(values)) {
    const kind = kinds.get(key);
    if (kind === undefined || value === undefined) continue;
    const problem = problemWith(kind, value);
    if (problem) {
      throw new GatewayDbError({ code: 'DATA_DOES_NOT_FIT', message: `${getTableName(table)}.${key} ${problem}` });
    }
  }
}

/** Log rows: the row with every misfit value normalised, and the columns that were. */
export function normaliseValues<T extends object>(table: Table, row: T): { row: T; columns: string[] } {
  const kinds = valueKinds(table);
  let fixed: Record<string, unknown> | undefined;
  const columns: string[] = [];
  for (const [key, value] of Object.entries(row)) {
    const kind = kinds.get(key);
    if (kind === undefined || value === undefined || problemWith(kind, value) === undefined) continue;
    fixed ??= { ...(row as Record<string, unknown>) };
    fixed[key] = normalised(kind, value);
    columns.push(key);
  }
  return { row: (fixed as T | undefined) ?? row, columns };
}
