/** The backfill's progress row (api_request_rollup_state), read by dashboards and advanced by the backfill. */
import { eq } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';

/** The one state row's id. */
export const ROLLUP_STATE_ID = 'api_requests';

export interface RollupState {
  /** Every api_requests row created at or after this is in the rollups; null: not started. */
  readonly backfilledFrom: number | null;
  /** Every row is in the rollups: dashboards read no raw rows outside the edges of their range. */
  readonly complete: boolean;
}

export async function readRollupState({ client, tables }: OrmContext): Promise<RollupState> {
  const state = tables.apiRequestRollupState;
  const [row] = await client
    .select({ backfilledFrom: state.backfilled_from, complete: state.complete })
    .from(state)
    .where(eq(state.id, ROLLUP_STATE_ID));
  return { backfilledFrom: row?.backfilledFrom ?? null, complete: row?.complete ?? false };
}
