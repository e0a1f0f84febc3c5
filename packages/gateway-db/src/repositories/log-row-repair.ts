/// <reference lib="es2024.string" />
/**
 * Log rows hold text a client sent (model names, request bodies cut at 10,000 UTF-16 units, which can split an
 * emoji). A lone UTF-16 surrogate cannot be stored as UTF-8, but a log row must never be lost for the text in it:
 * each lone surrogate is replaced by U+FFFD (what the legacy app itself read back for such text), the same on both
 * dialects, and the repair is counted and reported by the caller.
 */
import type { Table } from 'drizzle-orm';
import { normaliseValues } from './value-rules.js';

export interface RepairedRow<T> {
  readonly row: T;
  /** The columns whose text was repaired (empty when the row was well-formed). */
  readonly repairedColumns: readonly string[];
}

export function wellFormedRow<T extends object>(row: T): RepairedRow<T> {
  let repaired: Record<string, unknown> | undefined;
  const repairedColumns: string[] = [];
  for (const [column, value] of Object.entries(row)) {
    if (typeof value !== 'string' || value.isWellFormed()) continue;
    repaired ??= { ...(row as Record<string, unknown>) };
    repaired[column] = value.toWellFormed();
    repairedColumns.push(column);
  }
  return { row: (repaired as T | undefined) ?? row, repairedColumns };
}

/**
 * A log row as it will be stored: values that do not fit their column normalised (value-rules.ts), then lone
 * surrogates replaced; `repairedColumns` lists every column changed, for the report.
 */
export function storableLogRow<T extends object>(table: Table, row: T): RepairedRow<T> {
  const values = normaliseValues(table, row);
  // `created_at` is the log tables' one NOT NULL value column: a time that is no time (NaN) becomes now.
  const normalised = values.row as T & { created_at?: unknown };
  if (values.columns.includes('created_at') && normalised.created_at === null) normalised.created_at = Date.now();
  const text = wellFormedRow(values.row);
  const repairedColumns = [...new Set([...values.columns, ...text.repairedColumns])];
  return { row: text.row, repairedColumns };
}
