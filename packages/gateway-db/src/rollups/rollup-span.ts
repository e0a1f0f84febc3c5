/**
 * Which api_request_rollups rows a read takes: those of one period length starting in a span. One condition per
 * rollupIdSpans piece (usually one): where ids sort like the period starts, the condition also bounds the id, so
 * MySQL scans the clustered primary key instead of looking each row up from the period index. The period bounds
 * stay, so the id range only narrows.
 */
import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import type { Span } from './range-plan.js';
import { rollupIdSpans } from './rollup-delta.js';

export function rollupPeriodConditions({ tables }: OrmContext, periodMs: number, span: Span): SQL[] {
  const t = tables.apiRequestRollups;
  return rollupIdSpans(periodMs, span).map(
    ({ span: piece, ids }) =>
      and(
        eq(t.period_ms, periodMs),
        gte(t.period_start, piece.from),
        lt(t.period_start, piece.to),
        ids && gte(t.id, ids.from),
        ids && lt(t.id, ids.to),
      ) as SQL,
  );
}
