/** The rollups' bookkeeping row (api_request_rollup_state): backfill progress and how far retention cleaned. */
import { isGatewayDbError } from '@gateway-db/core/errors.js';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';

/** The one state row's id. */
export const ROLLUP_STATE_ID = 'api_requests';

export interface RollupState {
  /** Every api_requests row created at or after this is in the rollups; null: not started. */
  readonly backfilledFrom: number | null;
  /** Every row is in the rollups: dashboards read no raw rows outside the edges of their range. */
  readonly complete: boolean;
  /** Retention deleted the rows created before this (null: never). */
  readonly rowsCleanedBefore: number | null;
}

export async function readRollupState({ client, tables }: OrmContext): Promise<RollupState> {
  const state = tables.apiRequestRollupState;
  const [row] = await client
    .select({
      backfilledFrom: state.backfilled_from,
      complete: state.complete,
      rowsCleanedBefore: state.rows_cleaned_before,
    })
    .from(state)
    .where(eq(state.id, ROLLUP_STATE_ID));
  return {
    backfilledFrom: row?.backfilledFrom ?? null,
    complete: row?.complete ?? false,
    rowsCleanedBefore: row?.rowsCleanedBefore ?? null,
  };
}

/** Creates the state row when it is missing (another process creating it at the same time is fine). */
export async function ensureRollupState({ client, tables }: OrmContext, now: number): Promise<void> {
  const state = tables.apiRequestRollupState;
  const [found] = await client.select({ id: state.id }).from(state).where(eq(state.id, ROLLUP_STATE_ID));
  if (found) return;
  try {
    await client.insert(state).values({ id: ROLLUP_STATE_ID, complete: false, updated_at: now });
  } catch (error) {
    if (!isGatewayDbError(error, 'CONFLICT')) throw error;
  }
}

/** Records, before retention deletes anything, that rows created before `cutoff` may be gone. */
export async function recordRowsCleanedBefore(ctx: OrmContext, cutoff: number): Promise<void> {
  const now = Date.now();
  await ensureRollupState(ctx, now);
  const state = ctx.tables.apiRequestRollupState;
  await ctx.client
    .update(state)
    .set({ rows_cleaned_before: cutoff, updated_at: now })
    .where(
      and(eq(state.id, ROLLUP_STATE_ID), or(isNull(state.rows_cleaned_before), lt(state.rows_cleaned_before, cutoff))),
    );
}
