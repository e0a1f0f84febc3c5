/**
 * The one SELECT per table that every pass uses (pre-flight, copy, verify), so all three see the same rows:
 * columns in plan order; a column the source lacks is selected as NULL and filled with the schema default in
 * `toCanonicalRow`; with the `set-null` policy a dangling reference reads as NULL. Built with Drizzle's neutral
 * `sql` over the reader's own Drizzle columns, rendered by its dialect (store-client.ts).
 */

import type { Dialect } from '@gateway-db/schema';
import { type SQL, sql } from 'drizzle-orm';
import { afterCursor, type KeyCursor } from './key-cursor.js';
import type { DanglingPolicy } from './options.js';
import type { PlannedColumn, TablePlan } from './plan.js';
import type { RowQuery } from './store.js';

export interface SourceShape {
  /** Columns each table of the source has; a table not in the map is absent (counts as empty). */
  readonly columns: ReadonlyMap<string, ReadonlySet<string>>;
}

/** `SELECT 1 FROM parent WHERE parent.key = column`: whether a reference points at an existing row. */
export function parentRow(plan: TablePlan, column: PlannedColumn, dialect: Dialect): SQL | undefined {
  const fk = plan.foreignKeys.find((f) => f.column === column);
  if (fk === undefined) return undefined;
  return sql`SELECT 1 FROM ${fk.parent[dialect]} WHERE ${fk.parentKey[dialect]} = ${column.drizzle[dialect]}`;
}

/** Whether the source has the table a foreign key of `column` references, with its key column. */
export function sourceHasParent(plan: TablePlan, column: PlannedColumn, shape: SourceShape): boolean {
  const fk = plan.foreignKeys.find((f) => f.column === column);
  return fk !== undefined && shape.columns.get(fk.parent.name)?.has(fk.parentKey.name) === true;
}

function columnExpression(
  dialect: Dialect,
  plan: TablePlan,
  column: PlannedColumn,
  shape: SourceShape,
  policy: DanglingPolicy,
): SQL {
  const own = column.drizzle[dialect];
  const exists = parentRow(plan, column, dialect);
  if (policy !== 'set-null' || exists === undefined || column.notNull) return sql`${own}`;
  if (!sourceHasParent(plan, column, shape)) return sql`NULL`;
  return sql`(CASE WHEN ${own} IS NULL OR EXISTS (${exists}) THEN ${own} END)`;
}

export function rowQuery(
  dialect: Dialect,
  plan: TablePlan,
  shape: SourceShape,
  policy: DanglingPolicy = 'keep',
  /** Only the rows after this key (a resumed copy). */
  after?: KeyCursor,
): RowQuery {
  const present = shape.columns.get(plan.name) ?? new Set<string>();
  const fields: Record<string, SQL> = {};
  for (const column of plan.columns) {
    fields[column.name] = present.has(column.name) ? columnExpression(dialect, plan, column, shape, policy) : sql`NULL`;
  }
  return {
    select: {
      from: plan.table,
      fields,
      orderBy: sql`${plan.primaryKey.drizzle[dialect]}`,
      ...(after !== undefined ? { where: afterCursor(dialect, plan, after) } : {}),
    },
    textColumns: plan.columns.flatMap((column, index) => (column.value === 'text' ? [index] : [])),
  };
}

/** Indexes of the planned columns the source lacks (their values come from the schema default). */
export function missingColumns(plan: TablePlan, shape: SourceShape): number[] {
  const present = shape.columns.get(plan.name) ?? new Set<string>();
  return plan.columns.flatMap((column, index) => (present.has(column.name) ? [] : [index]));
}
