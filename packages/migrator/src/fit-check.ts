/**
 * Whether one canonical row fits the target exactly: NOT NULL, the byte length of MySQL VARBINARY keys, the
 * character length of VARCHAR labels, the TINYINT range of MySQL flags. Reasons name limits, never values.
 */
import { DEFAULT_KEY_BYTES, DEFAULT_LABEL_CHARS } from '@gateway-db/schema';
import type { RowProblem } from './canonical-row.js';
import type { TablePlan } from './plan.js';
import type { TargetLimits } from './store.js';
import type { CanonicalValue } from './value-codec.js';

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function checkRowFits(plan: TablePlan, row: readonly CanonicalValue[], limits: TargetLimits): RowProblem[] {
  const problems: RowProblem[] = [];
  for (let i = 0; i < plan.columns.length; i++) {
    const column = plan.columns[i];
    if (column === undefined) continue;
    const value = row[i];
    const { spec } = column;
    if (value === null || value === undefined) {
      if (spec.notNull || spec.primaryKey) problems.push({ column: column.name, reason: 'NULL where the target forbids it (NOT NULL)' });
      continue;
    }
    if (!limits.boundedColumns) continue;
    if (spec.kind === 'key' && typeof value === 'string') {
      const max = spec.maxBytes ?? DEFAULT_KEY_BYTES;
      // A UTF-16 unit is at most 3 UTF-8 bytes: measure only when it could be too long.
      if (value.length * 3 > max && Buffer.byteLength(value) > max) {
        problems.push({ column: column.name, reason: `longer than the target's ${max} bytes` });
      }
    } else if (spec.kind === 'label' && typeof value === 'string') {
      const max = spec.maxChars ?? DEFAULT_LABEL_CHARS;
      if (value.length > max && codePoints(value) > max) {
        problems.push({ column: column.name, reason: `longer than the target's ${max} characters` });
      }
    } else if (spec.kind === 'flag' && typeof value === 'bigint' && limits.flagRange) {
      const [min, max] = limits.flagRange;
      if (value < min || value > max) problems.push({ column: column.name, reason: `outside the target's flag range ${min}..${max}` });
    }
  }
  return problems;
}
