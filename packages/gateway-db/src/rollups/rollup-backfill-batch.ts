/**
 * One step of the rollup backfill: rolls up the api_requests rows that are not in the rollups yet (stores older
 * than the rollups, legacy imports), newest first, about `batchRows` rows per transaction. The state row is locked
 * (updated) first, so two backfillers on one store take turns, and a row is flagged `rolled_up` in the same
 * transaction that adds it to the rollups, guarded by `rolled_up = false`: nothing is counted twice.
 */
import { GatewayDbError } from '@gateway-db/core/errors.js';
import { and, desc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { fixedChunks } from '../orm/statement-chunks.js';
import { rollupDelta } from './rollup-delta.js';
import { ensureRollupState, ROLLUP_STATE_ID, readRollupState } from './rollup-state.js';

/** The writer id of the backfill's rollup rows (backfillers take turns, so they share it). */
export const BACKFILL_WRITER_ID = 'backfill';

const IDS_PER_UPDATE = 500;

export interface BackfillStep {
  /** Rows rolled up by this step. */
  readonly rolledUp: number;
  /** Every row is in the rollups now. */
  readonly complete: boolean;
  /** Every row created at or after this is in the rollups (null when complete). */
  readonly backfilledFrom: number | null;
}

/** Updates the state row first: its row lock makes a second backfiller wait for this step to end. */
async function lockStateRow(tx: OrmContext, now: number): Promise<void> {
  const state = tx.tables.apiRequestRollupState;
  await ensureRollupState(tx, now);
  await tx.client.update(state).set({ updated_at: now }).where(eq(state.id, ROLLUP_STATE_ID));
}

export async function backfillStep(ctx: OrmContext, batchRows: number): Promise<BackfillStep> {
  return ctx.transaction(async (tx) => {
    const { client, ops, tables } = tx;
    const { apiRequests: r, apiRequestRollupState: state } = tables;
    const now = Date.now();
    await lockStateRow(tx, now);
    const progress = await readRollupState(tx);
    if (progress.complete) return { rolledUp: 0, complete: true, backfilledFrom: null };
    const below = progress.backfilledFrom === null ? undefined : lt(r.created_at, progress.backfilledFrom);
    // The created_at of the batchRows-th newest row below the progress mark (index order, O(batch)); none: the
    // rest fits in this step.
    const [boundary] = await client
      .select({ at: r.created_at })
      .from(r)
      .where(below)
      .orderBy(desc(r.created_at))
      .limit(1)
      .offset(Math.max(0, batchRows - 1));
    const from = boundary?.at ?? null;
    const rows = await client
      .select({
        id: r.id,
        created_at: r.created_at,
        virtual_key_id: r.virtual_key_id,
        provider_id: r.provider_id,
        model: r.model,
        status: r.status,
        prompt_tokens: r.prompt_tokens,
        completion_tokens: r.completion_tokens,
        total_tokens: r.total_tokens,
        cache_hit: r.cache_hit,
        response_time: r.response_time,
      })
      .from(r)
      .where(and(below, from === null ? undefined : gte(r.created_at, from), eq(r.rolled_up, false)));
    let flagged = 0;
    for (const ids of fixedChunks(
      rows.map((row) => row.id),
      IDS_PER_UPDATE,
    )) {
      flagged += ops.affectedRows(
        await client
          .update(r)
          .set({ rolled_up: true })
          .where(and(inArray(r.id, ids), eq(r.rolled_up, false))),
      );
    }
    if (flagged !== rows.length) {
      // Some rows were rolled up by someone else meanwhile: undo this step and let the next one see them.
      throw new GatewayDbError({ code: 'BUSY', message: 'api_requests rollup backfill: rows changed meanwhile' });
    }
    await ops.addToRollups(rollupDelta(rows, BACKFILL_WRITER_ID));
    const complete = from === null;
    await client
      .update(state)
      .set({ backfilled_from: from, complete, updated_at: now })
      .where(eq(state.id, ROLLUP_STATE_ID));
    return { rolledUp: rows.length, complete, backfilledFrom: from };
  });
}
