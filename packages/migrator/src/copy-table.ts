/**
 * Copies one table in primary-key order. Reading and encoding overlap with inserting: the writer only makes the
 * loop wait when every connection already has a batch in flight.
 */
import { canonicalRows } from './canonical-stream.js';
import { MigrationError, wrapDriverError } from './errors.js';
import type { DanglingPolicy } from './options.js';
import type { TablePlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { SourceShape } from './row-query.js';
import type { StoreReader, TargetStore } from './store.js';

export interface CopyResult {
  readonly rows: number;
  readonly seconds: number;
}

export async function copyTable(
  source: StoreReader,
  target: TargetStore,
  plan: TablePlan,
  shape: SourceShape,
  policy: DanglingPolicy,
  progress?: ProgressListener,
): Promise<CopyResult> {
  const started = performance.now();
  const writer = target.openTableWriter(plan);
  let rows = 0;
  for await (const batch of canonicalRows(source, plan, shape, policy)) {
    for (const { row, problems, rowId } of batch) {
      const problem = problems[0];
      if (problem !== undefined) {
        throw new MigrationError({
          code: 'DATA_DOES_NOT_FIT',
          message: `${plan.name}.${problem.column} row ${rowId}: ${problem.reason} (the source changed after the pre-flight pass)`,
        });
      }
      let wait: Promise<void> | undefined;
      try {
        wait = writer.write(row);
      } catch (error) {
        throw wrapDriverError(error, `Inserting row ${rowId} into ${plan.name}`);
      }
      if (wait !== undefined) await wait;
    }
    rows += batch.length;
    progress?.rowsDone('copy', plan.name, batch.length);
  }
  await writer.finish();
  return { rows, seconds: (performance.now() - started) / 1000 };
}
