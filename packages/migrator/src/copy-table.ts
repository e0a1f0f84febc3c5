/**
 * Copies one table in primary-key order. Reading and encoding overlap with inserting: the writer only makes the
 * loop wait when every connection already has a batch in flight.
 *
 * Resumable inside the table: every `checkpointMs`, and when the run is stopped (an INTERRUPTED error from the
 * reader, always between two batches: stop-signal.ts), the writer commits what it wrote and `saveCursor` records
 * the key of the last row written. A resumed copy reads only the rows after that key (`resumeAfter`).
 */
import { canonicalRows } from './canonical-stream.js';
import { isMigrationError, MigrationError, wrapDriverError } from './errors.js';
import { cursorOf, type KeyCursor } from './key-cursor.js';
import type { DanglingPolicy } from './options.js';
import type { TablePlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { SourceShape } from './row-query.js';
import type { StoreReader, TargetStore } from './store.js';

export interface CopyResult {
  readonly rows: number;
  readonly seconds: number;
}

export interface CopyOptions {
  readonly progress?: ProgressListener;
  /** Copy only the rows after this key: the rows up to it are already in the target. */
  readonly resumeAfter?: KeyCursor;
  /** Records that the rows up to `cursor` are committed in the target (import-state.ts). */
  readonly saveCursor?: (cursor: KeyCursor) => Promise<void>;
  /** How often to commit and record the position during a long table. Default 5000 ms. */
  readonly checkpointMs?: number;
}

export async function copyTable(
  source: StoreReader,
  target: TargetStore,
  plan: TablePlan,
  shape: SourceShape,
  policy: DanglingPolicy,
  options: CopyOptions = {},
): Promise<CopyResult> {
  const { progress, saveCursor } = options;
  const started = performance.now();
  const writer = target.openTableWriter(plan);
  let rows = 0;
  let lastKey: unknown;
  let lastCheckpoint = Date.now();
  const checkpoint = async () => {
    const cursor = cursorOf(lastKey);
    // Commit first, then record: a recorded key is always committed (rows past it are removed on resume).
    await writer.checkpoint();
    if (cursor !== undefined && saveCursor) await saveCursor(cursor);
    lastCheckpoint = Date.now();
  };
  try {
    const keepTextBytes = target.limits.keepsTextBytes;
    for await (const batch of canonicalRows(source, plan, shape, policy, options.resumeAfter, keepTextBytes)) {
      let bytes = 0;
      for (const { row, problems, rowId, rawKey } of batch) {
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
        lastKey = rawKey;
        // The same bytes the pre-flight checksum counts: Buffer.byteLength measures without copying.
        for (const value of row) {
          if (typeof value === 'string') bytes += Buffer.byteLength(value, 'utf8');
          else if (Buffer.isBuffer(value)) bytes += value.length;
        }
      }
      rows += batch.length;
      progress?.rowsDone('copy', plan.name, batch.length, bytes);
      if (Date.now() - lastCheckpoint >= (options.checkpointMs ?? 5000)) await checkpoint();
    }
  } catch (error) {
    // Stopped between two batches: every row handed to the writer is complete, so commit them and say where.
    if (isMigrationError(error, 'INTERRUPTED') && rows > 0) await checkpoint();
    throw error;
  }
  await writer.finish();
  return { rows, seconds: (performance.now() - started) / 1000 };
}
