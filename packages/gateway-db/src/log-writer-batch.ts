/**
 * One batch of the log writer into the database, in ONE transaction with its rollups: the rows (power-of-two
 * chunks on MySQL, few distinct statements), then what they add to api_request_rollups, then COMMIT. A chunk the
 * database refuses is halved until each refused row stands alone; such a row is handed to `onRejected` (after the
 * commit) and is neither stored nor counted. A failed statement inside a transaction undoes only itself on both
 * dialects, so the other rows stay in the transaction. A retryable failure (CONNECTION/BUSY/TIMEOUT/...) rolls the
 * whole batch back and hands every row back; as its outcome may be unknown (a COMMIT whose answer was lost), the
 * rows are marked `maybeStored` and the next attempt first drops those the earlier attempt did store: a retried
 * flush never writes or counts a row twice.
 *
 * Statements are sent one after the other, each once the one before has answered, never several at once: when the
 * server aborts a transaction (a deadlock, a Galera certification conflict), it rolls it back and runs the
 * statements that follow on their own, auto-committed. Sent ahead, those would have committed rows without their
 * rollups, or rollups twice (seen on a Galera cluster: 58 requests counted twice in 6,000).
 */
import { GatewayDbError, type GatewayDbErrorCode, isRetryable } from '@gateway-db/core/errors.js';
import { inArray } from 'drizzle-orm';
import type { BufferedRow } from './log-writer-rows.js';
import { insertParams } from './log-writer-rows.js';
import type { OrmContext } from './orm/orm-context.js';
import { fixedChunks, powerOfTwoChunks } from './orm/statement-chunks.js';
import { rollupDelta } from './rollups/rollup-delta.js';

/** Where a batch goes: the store, the INSERT text for n rows, and the id of this writer's rollup rows. */
export interface BatchTarget {
  readonly ctx: OrmContext;
  readonly insertSql: (count: number) => string;
  readonly writerId: string;
  /**
   * Model keys this writer has seen committed to api_request_models: not sent again (one statement less per
   * flush). Rows of that table are never deleted, so a key once committed stays.
   */
  readonly recordedModels: Set<string>;
}

/** Bound of `recordedModels` (a gateway sees a few hundred models; hostile clients may send endless ones). */
const MAX_REMEMBERED_MODELS = 10_000;

/** A batch stopped by a retryable error: every row goes back to the front of the buffer (none was stored). */
export class BatchInterrupted extends Error {
  constructor(
    readonly error: GatewayDbError,
    readonly unwritten: BufferedRow[],
  ) {
    super(error.message);
  }
}

export interface RejectedRow {
  readonly row: BufferedRow;
  readonly code: GatewayDbErrorCode;
  /** A GatewayDbError message: names table/column, never values. */
  readonly message: string;
}

export interface BatchOutcome {
  /** Rows stored (and counted in the rollups) by this batch. */
  readonly written: number;
  /** Rows an earlier, interrupted attempt had stored after all (not written again). */
  readonly alreadyStored: number;
  readonly rejected: readonly RejectedRow[];
}

/** Ids per `IN (...)` list when looking for rows an earlier attempt stored. */
const IDS_PER_LOOKUP = 500;

/**
 * A refused statement can cost the transaction its connection (MySQL closes it after a packet larger than
 * max_allowed_packet): the attempt then fails as CONNECTION, but at once, and the next attempt (on a new
 * connection, the refused rows now refused before sending) succeeds. Such attempts are repeated right away.
 */
const ATTEMPTS_AFTER_A_REFUSAL = 3;

/** Writes `batch` with its rollups in one transaction. Throws BatchInterrupted on a retryable error. */
export async function writeBatch(target: BatchTarget, batch: readonly BufferedRow[]): Promise<BatchOutcome> {
  for (let attempt = 1; ; attempt++) {
    const refusals = { chunks: 0 };
    try {
      return await target.ctx
        .transaction(async (tx) => {
          const rejected: RejectedRow[] = [];
          const pending = await withoutStoredRows(tx, batch);
          const chunks = tx.ops.cheapDistinctStatements ? [[...pending]] : powerOfTwoChunks(pending);
          const stored = await writeChunks(tx, target.insertSql, chunks, rejected, refusals);
          const delta = rollupDelta(
            stored.map((row) => row.rollup),
            target.writerId,
          );
          const models = delta.models.filter((model) => !target.recordedModels.has(model.id));
          await tx.ops.addToRollups({ rollups: delta.rollups, models });
          return { written: stored.length, alreadyStored: batch.length - pending.length, rejected, models };
        })
        .then(({ models, ...outcome }) => {
          // Committed: these model keys are in the table now.
          if (target.recordedModels.size + models.length > MAX_REMEMBERED_MODELS) target.recordedModels.clear();
          for (const model of models) target.recordedModels.add(model.id);
          return outcome;
        });
    } catch (error) {
      if (!isRetryable(error)) throw error;
      for (const row of batch) row.maybeStored = true;
      if (refusals.chunks === 0 || attempt >= ATTEMPTS_AFTER_A_REFUSAL) throw new BatchInterrupted(error, [...batch]);
    }
  }
}

/** The rows of `batch` not stored yet: only rows of an interrupted attempt are looked up. */
async function withoutStoredRows(tx: OrmContext, batch: readonly BufferedRow[]): Promise<readonly BufferedRow[]> {
  const uncertain = batch.filter((row) => row.maybeStored).map((row) => row.id);
  if (uncertain.length === 0) return batch;
  const { apiRequests: r } = tx.tables;
  const stored = new Set<string>();
  for (const ids of fixedChunks(uncertain, IDS_PER_LOOKUP)) {
    for (const row of await tx.client.select({ id: r.id }).from(r).where(inArray(r.id, ids))) stored.add(row.id);
  }
  return batch.filter((row) => !(row.maybeStored && stored.has(row.id)));
}

async function writeChunks(
  tx: OrmContext,
  insertSql: (count: number) => string,
  chunks: BufferedRow[][],
  rejected: RejectedRow[],
  refusals: { chunks: number },
): Promise<BufferedRow[]> {
  const stored: BufferedRow[] = [];
  const work = chunks.reverse();
  for (let chunk = work.pop(); chunk; chunk = work.pop()) {
    if (chunk.length === 0) continue;
    try {
      await tx.executor.run(insertSql(chunk.length), insertParams(chunk));
      stored.push(...chunk);
    } catch (error) {
      if (isRetryable(error)) throw error;
      refusals.chunks++;
      const [only] = chunk;
      if (chunk.length === 1 && only) {
        const code = error instanceof GatewayDbError ? error.code : 'QUERY';
        rejected.push({ row: only, code, message: error instanceof Error ? error.message : 'unknown error' });
        continue;
      }
      const half = Math.ceil(chunk.length / 2);
      work.push(chunk.slice(half), chunk.slice(0, half));
    }
  }
  return stored;
}
