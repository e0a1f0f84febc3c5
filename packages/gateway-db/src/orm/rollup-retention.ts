/** Which rollup rows retention may delete: periods that ended before the cutoff (a day is kept whole). */
import { and, type Column, lt, type SQL, sql } from 'drizzle-orm';

export function wholePeriodBefore(
  rollups: { period_start: Column; period_ms: Column },
  cutoff: number,
): SQL | undefined {
  // The first condition lets the index on (period_ms, period_start) narrow the scan; the second is the rule.
  return and(lt(rollups.period_start, cutoff), sql`${rollups.period_start} + ${rollups.period_ms} <= ${cutoff}`);
}
