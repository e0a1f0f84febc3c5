import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

/**
 * How far the rollup backfill has come: rows stored before the rollups existed (older stores, legacy imports)
 * are rolled up newest first, and `backfilled_from` says that every api_requests row created at or after it is
 * in the rollups. Until `complete`, dashboards add the raw rows below it that are not rolled up yet.
 */
export const apiRequestRollupStateSpec = defineTable({
  name: 'api_request_rollup_state',
  columns: {
    // One row: 'api_requests'.
    id: col.key({ primaryKey: true }),
    // NULL: not started (nothing is known to be rolled up).
    backfilled_from: col.timestamp(),
    complete: col.flag({ notNull: true, default: false }),
    // Retention (cleanOldRecords) deleted the rows created before this: the rollups of those hours still hold
    // their numbers, so lists count such hours from the rows that are left instead.
    rows_cleaned_before: col.timestamp(),
    updated_at: col.timestamp({ notNull: true }),
  },
  indexes: [],
});
