/**
 * Whether one canonical row fits the target exactly: NOT NULL, and on MySQL the limits of the plan's columns
 * (VARBINARY bytes, VARCHAR characters, the TINYINT range of BOOLEAN). Reasons name limits, never values.
 */
import type { RowProblem } from './canonical-row.js';
import type { MysqlColumnLimit, TablePlan } from './plan.js';
import type { TargetLimits } from './store.js';
import type { CanonicalValue } from './value-codec.js';

function codePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** Why `value` does not fit `limit`, or undefined when it does. */
function exceeds(limit: MysqlColumnLimit, value: CanonicalValue): string | undefined {
  switch (limit.kind) {
    case 'bytes':
      // A UTF-16 unit is at most 3 UTF-8 bytes: measure only when it could be too long.
      return typeof value === 'string' && value.length * 3 > limit.max && Buffer.byteLength(value) > limit.max
        ? `longer than the target's ${limit.max} bytes`
        : undefined;
    case 'chars':
      return typeof value === 'string' && value.length > limit.max && codePoints(value) > limit.max
        ? `longer than the target's ${limit.max} characters`
        : undefined;
    case 'range':
      return typeof value === 'bigint' && (value < limit.min || value > limit.max)
        ? `outside the target's flag range ${limit.min}..${limit.max}`
        : undefined;
  }
}

export function checkRowFits(plan: TablePlan, row: readonly CanonicalValue[], limits: TargetLimits): RowProblem[] {
  const problems: RowProblem[] = [];
  for (let i = 0; i < plan.columns.length; i++) {
    const column = plan.columns[i];
    if (column === undefined) continue;
    const value = row[i];
    if (value === null || value === undefined) {
      if (column.notNull) problems.push({ column: column.name, reason: 'NULL where the target forbids it (NOT NULL)' });
      continue;
    }
    const reason = limits.mysqlColumns && column.mysqlLimit ? exceeds(column.mysqlLimit, value) : undefined;
    if (reason !== undefined) problems.push({ column: column.name, reason });
  }
  return problems;
}
