/** Turns one raw source row (schema column order) into canonical values, filling missing columns with defaults. */
import type { TablePlan } from './plan.js';
import { type CanonicalValue, displayText, normalizeValue } from './value-codec.js';

export interface RowProblem {
  readonly column: string;
  readonly reason: string;
}

export interface CanonicalRowResult {
  readonly row: CanonicalValue[];
  /** Empty when every value has an exact canonical form. */
  readonly problems: RowProblem[];
  /** Text columns whose stored bytes were not UTF-8, read as the gateway showed them (value-codec.ts). */
  readonly replaced: string[];
  /** Text columns whose stored bytes were not UTF-8, kept as those bytes (a SQLite target). */
  readonly kept: string[];
}

/** `keepTextBytes`: text bytes that are not UTF-8 stay bytes (a SQLite target); see value-codec.ts. */
export function toCanonicalRow(
  plan: TablePlan,
  raw: readonly unknown[],
  missing: readonly number[],
  keepTextBytes = false,
): CanonicalRowResult {
  const row: CanonicalValue[] = new Array(plan.columns.length);
  const problems: RowProblem[] = [];
  const replaced: string[] = [];
  const kept: string[] = [];
  for (let i = 0; i < plan.columns.length; i++) {
    const column = plan.columns[i];
    if (column === undefined) continue;
    const normalized = normalizeValue(column.value, raw[i], keepTextBytes);
    if (normalized.ok) {
      row[i] = normalized.value;
      if (normalized.replaced) replaced.push(column.name);
      if (normalized.kept) kept.push(column.name);
    } else {
      row[i] = null;
      problems.push({ column: column.name, reason: normalized.reason });
    }
  }
  for (const index of missing) row[index] = plan.columns[index]?.defaultValue ?? null;
  return { row, problems, replaced, kept };
}

/** The id to name a row by in messages: its primary key when it is text, else a neutral placeholder. */
export function rowIdOf(plan: TablePlan, row: readonly CanonicalValue[]): string {
  const id = row[plan.primaryKeyIndex];
  if (Buffer.isBuffer(id)) return displayText(id);
  return typeof id === 'string' ? id : '(row without a text id)';
}
