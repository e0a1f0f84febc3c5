/**
 * How many api_requests rows match a list's filters, per UTC hour or day, without reading them: rollups for
 * whole days and hours (filtered on their grouping values, byte-exact), raw rows for the edges of the range, for
 * rows the backfill has not reached, and for hours retention cleaned (their rollups still count the deleted rows).
 * One statement, so one snapshot. Lists count every row: `disable_logging` only hides requests from the statistics.
 */
import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { DAY_MS, HOUR_MS, type TimeRange } from '../repositories/logged-requests.js';
import { planRange, type Span } from './range-plan.js';
import { modelKeyOf } from './rollup-delta.js';
import { rollupPeriodConditions } from './rollup-span.js';
import type { RollupState } from './rollup-state.js';

export interface ListFilters {
  readonly status?: string;
  readonly virtualKeyId?: string;
  readonly providerId?: string;
  readonly model?: string;
}

export interface PeriodCount {
  /** Start of the hour or day, ms. */
  readonly start: number;
  readonly rows: number;
}

/** The WHERE condition of a list over api_requests rows. */
export function rowFilter({ ops, tables: { apiRequests: r } }: OrmContext, filters: ListFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filters.status !== undefined) {
    // `status` is a VARCHAR with MySQL's case-folding, PAD SPACE collation: `=` keeps its index usable, the byte
    // comparison keeps 'SUCCESS' and 'success ' from matching 'success' (as on SQLite).
    conditions.push(eq(r.status, filters.status), ops.exactEquals(r.status, filters.status));
  }
  if (filters.virtualKeyId !== undefined) conditions.push(eq(r.virtual_key_id, filters.virtualKeyId));
  if (filters.providerId !== undefined) conditions.push(eq(r.provider_id, filters.providerId));
  // `model` is free text (LONGTEXT, case-folding collation on MySQL): compare bytes explicitly.
  if (filters.model !== undefined) conditions.push(ops.exactEquals(r.model, filters.model));
  return and(...conditions);
}

function rollupFilter({ ops, tables: { apiRequestRollups: u } }: OrmContext, filters: ListFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filters.status !== undefined) conditions.push(ops.exactEquals(u.status, filters.status));
  if (filters.virtualKeyId !== undefined) conditions.push(eq(u.virtual_key_id, filters.virtualKeyId));
  if (filters.providerId !== undefined) conditions.push(eq(u.provider_id, filters.providerId));
  if (filters.model !== undefined) conditions.push(eq(u.model_key, modelKeyOf(filters.model)));
  return and(...conditions);
}

// Every part counts per period (`at` = the period number) before the union, so the union holds a row per period
// and part, not one per rollup row or raw row (see rollup-parts.ts: MariaDB materialises each level of it).

function rawCount(ctx: OrmContext, filters: ListFilters, span: Span, onlyUnrolled: boolean, periodMs: number) {
  const r = ctx.tables.apiRequests;
  const period = ctx.ops.intDiv(r.created_at, periodMs);
  return ctx.client
    .select({ at: sql<number>`${period}`.as('at'), rows: sql<number>`COUNT(*)`.as('rows') })
    .from(r)
    .where(
      and(
        gte(r.created_at, span.from),
        lt(r.created_at, span.to),
        onlyUnrolled ? eq(r.rolled_up, false) : undefined,
        rowFilter(ctx, filters),
      ),
    )
    .groupBy(period);
}

/** Rollup rows of `periodMs` starting in `span`, counted per list period (`per`). */
function rollupCounts(ctx: OrmContext, filters: ListFilters, span: Span, periodMs: number, perMs: number) {
  const u = ctx.tables.apiRequestRollups;
  const period = ctx.ops.intDiv(u.period_start, perMs);
  return rollupPeriodConditions(ctx, periodMs, span).map((rows) =>
    ctx.client
      .select({ at: sql<number>`${period}`.as('at'), rows: sql<number>`SUM(${u.requests})`.as('rows') })
      .from(u)
      .where(and(rows, rollupFilter(ctx, filters)))
      .groupBy(period),
  );
}

/**
 * Rows per hour or per day (`per`; periods without rows left out), newest first. `rollupsValid: false` counts
 * every row raw: when a filtered key or provider no longer exists, its rows may have been re-pointed to NULL (the
 * ON DELETE SET NULL of stores before migration 0002) while its rollups kept the old id.
 */
export async function countRowsPer(
  ctx: OrmContext,
  per: 'hour' | 'day',
  range: TimeRange,
  filters: ListFilters,
  state: RollupState,
  rollupsValid: boolean,
): Promise<PeriodCount[]> {
  const periodMs = per === 'hour' ? HOUR_MS : DAY_MS;
  const raw = [];
  // Hours retention reached (even partly) are counted from the rows that are left: their rollups still count
  // the deleted rows.
  const cleaned = !rollupsValid
    ? range.end + 1
    : state.rowsCleanedBefore === null
      ? range.start
      : Math.max(range.start, Math.ceil(state.rowsCleanedBefore / HOUR_MS) * HOUR_MS);
  const rawUntil = Math.min(cleaned, range.end + 1);
  if (range.start < rawUntil) raw.push(rawCount(ctx, filters, { from: range.start, to: rawUntil }, false, periodMs));
  const plan = planRange({ start: rawUntil, end: range.end }, per);
  raw.push(...plan.edges.map((span) => rawCount(ctx, filters, span, false, periodMs)));
  if (plan.rolled && !state.complete) {
    const to = Math.min(plan.rolled.to, state.backfilledFrom ?? plan.rolled.to);
    if (plan.rolled.from < to) raw.push(rawCount(ctx, filters, { from: plan.rolled.from, to }, true, periodMs));
  }
  const rollups = [
    ...(plan.days ? rollupCounts(ctx, filters, plan.days, DAY_MS, periodMs) : []),
    ...plan.hours.flatMap((span) => rollupCounts(ctx, filters, span, HOUR_MS, periodMs)),
  ];
  const [first = rollupCounts(ctx, filters, { from: 0, to: 0 }, HOUR_MS, periodMs)[0], ...rest] = rollups;
  if (first === undefined) throw new Error('list counts: no rollup part');
  const [second, ...more] = [...rest, ...raw];
  let parts = first.as('parts');
  if (second !== undefined) {
    let union = first.unionAll(second);
    for (const part of more) union = union.unionAll(part);
    parts = union.as('parts');
  }
  const period = sql<unknown>`${parts.at}`;
  const rows = await ctx.client
    .select({ period, rows: sql<unknown>`SUM(${parts.rows})` })
    .from(parts)
    .groupBy(period);
  return rows
    .map((row) => ({ start: Number(row.period) * periodMs, rows: Number(row.rows ?? 0) }))
    .filter((count) => count.rows > 0)
    .sort((a, b) => b.start - a.start);
}
