/** The rows of one table as canonical values, in primary-key order, in batches (see row-query.ts). */
import { type RowProblem, rowIdOf, toCanonicalRow } from './canonical-row.js';
import type { KeyCursor } from './key-cursor.js';
import type { DanglingPolicy } from './options.js';
import type { TablePlan } from './plan.js';
import { missingColumns, rowQuery, type SourceShape } from './row-query.js';
import type { StoreReader } from './store.js';
import type { CanonicalValue } from './value-codec.js';

export interface CanonicalRow {
  readonly row: CanonicalValue[];
  readonly problems: RowProblem[];
  /** Text columns read as the gateway showed their non-UTF-8 bytes (see value-codec.ts). */
  readonly replaced: readonly string[];
  /** Text columns kept as their non-UTF-8 bytes (a SQLite target). */
  readonly kept: readonly string[];
  readonly rowId: string;
  /** The primary key as the source stored it (a resumed copy continues after it: key-cursor.ts). */
  readonly rawKey: unknown;
}

export async function* canonicalRows(
  reader: StoreReader,
  plan: TablePlan,
  shape: SourceShape,
  policy: DanglingPolicy = 'keep',
  after?: KeyCursor,
  /** Text bytes that are not UTF-8 stay bytes: the target keeps them (SQLite; `TargetLimits.keepsTextBytes`). */
  keepTextBytes = false,
): AsyncGenerator<CanonicalRow[]> {
  if (!shape.columns.has(plan.name)) return;
  const missing = missingColumns(plan, shape);
  for await (const batch of reader.readBatches(rowQuery(reader.dialect, plan, shape, policy, after))) {
    yield batch.map((raw) => {
      const { row, problems, replaced, kept } = toCanonicalRow(plan, raw, missing, keepTextBytes);
      return { row, problems, replaced, kept, rowId: rowIdOf(plan, row), rawKey: raw[plan.primaryKeyIndex] };
    });
  }
}
