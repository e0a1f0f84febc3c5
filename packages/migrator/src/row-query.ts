/**
 * The one SELECT per table that every pass uses (pre-flight, copy, verify), so all three see the same rows:
 * columns in schema order; a column the source lacks is selected as NULL and filled with the schema default in
 * `toCanonicalRow`; with the `set-null` policy a dangling reference reads as NULL.
 */
import type { DanglingPolicy } from './options.js';
import { type TablePlan, quoteIdentifier } from './plan.js';
import type { RowQuery } from './store.js';

export interface SourceShape {
  /** Columns each table of the source has; a table not in the map is absent (counts as empty). */
  readonly columns: ReadonlyMap<string, ReadonlySet<string>>;
}

function columnExpression(plan: TablePlan, name: string, shape: SourceShape, policy: DanglingPolicy): string {
  const own = `${quoteIdentifier(plan.name)}.${quoteIdentifier(name)}`;
  const foreignKey = plan.foreignKeys.find((fk) => fk.column === name);
  if (policy !== 'set-null' || foreignKey === undefined || foreignKey.notNull) return own;
  const parentColumns = shape.columns.get(foreignKey.parentTable);
  if (parentColumns === undefined || !parentColumns.has('id')) return 'NULL';
  const parent = quoteIdentifier(foreignKey.parentTable);
  return `(CASE WHEN ${own} IS NULL OR EXISTS (SELECT 1 FROM ${parent} WHERE ${parent}.\`id\` = ${own}) THEN ${own} END)`;
}

export function rowQuery(plan: TablePlan, shape: SourceShape, policy: DanglingPolicy = 'keep'): RowQuery {
  const present = shape.columns.get(plan.name) ?? new Set<string>();
  const selects = plan.columns.map((column) =>
    present.has(column.name) ? columnExpression(plan, column.name, shape, policy) : 'NULL',
  );
  const textColumns = plan.columns.flatMap((column, index) =>
    column.spec.kind === 'key' || column.spec.kind === 'text' || column.spec.kind === 'label' ? [index] : [],
  );
  return {
    table: plan.name,
    selects,
    orderBy: `${quoteIdentifier(plan.name)}.${quoteIdentifier(plan.primaryKey)}`,
    textColumns,
  };
}

/** Indexes of the planned columns the source lacks (their values come from the schema default). */
export function missingColumns(plan: TablePlan, shape: SourceShape): number[] {
  const present = shape.columns.get(plan.name) ?? new Set<string>();
  return plan.columns.flatMap((column, index) => (present.has(column.name) ? [] : [index]));
}
