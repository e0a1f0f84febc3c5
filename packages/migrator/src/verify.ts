/**
 * Verification: the target's rows are read back and checksummed exactly as the source's were (checksum.ts), and
 * row counts and checksums are compared table by table.
 */
import { canonicalRows } from './canonical-stream.js';
import { ChecksumBuilder, firstDifference, type TableChecksum } from './checksum.js';
import type { DanglingPolicy } from './options.js';
import type { TablePlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { SourceShape } from './row-query.js';
import type { StoreReader } from './store.js';

export async function checksumTable(
  reader: StoreReader,
  plan: TablePlan,
  shape: SourceShape,
  policy: DanglingPolicy,
  phase: 'preflight' | 'verify',
  progress?: ProgressListener,
  /** As the copy read it: text bytes kept when the target keeps them (`TargetLimits.keepsTextBytes`). */
  keepTextBytes = false,
): Promise<TableChecksum> {
  const builder = new ChecksumBuilder(plan.primaryKeyIndex);
  for await (const batch of canonicalRows(reader, plan, shape, policy, undefined, keepTextBytes)) {
    const bytesBefore = builder.byteCount;
    for (const { row } of batch) builder.add(row);
    progress?.rowsDone(phase, plan.name, batch.length, builder.byteCount - bytesBefore);
  }
  return builder.finish();
}

/** The shape of a store that has the full schema (a gateway-db target). */
export function fullShape(plans: readonly TablePlan[]): SourceShape {
  return { columns: new Map(plans.map((plan) => [plan.name, new Set(plan.columns.map((c) => c.name))])) };
}

export interface TableComparison {
  readonly match: boolean;
  /** Where the first difference is, when the checksums differ. */
  readonly firstDifference?: string;
}

export function compareChecksums(source: TableChecksum, target: TableChecksum): TableComparison {
  if (source.rows === target.rows && source.checksum === target.checksum) return { match: true };
  const where = firstDifference(source, target) ?? 'row counts differ';
  return { match: false, firstDifference: where };
}
