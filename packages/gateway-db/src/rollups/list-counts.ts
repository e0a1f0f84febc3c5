/**
 * How many api_requests rows match a list's filters, per UTC hour, without reading them: rollups for whole hours
 * (filtered on their grouping values, byte-exact), raw rows for the edges of the range, for rows the backfill has
 * not reached, and for hours retention cleaned (their rollups still count the deleted rows). One statement, so
 * one snapshot. Lists count every row: `disable_logging` only hides requests from the statistics.
 */
import { and, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { HOUR_MS, type TimeRange } from '../repositories/logged-requests.js';
import { modelKeyOf } from './rollup-delta.js';
import { splitRange } from './rollup-parts.js';
import type { RollupState } from './rollup-state.js';

export interface ListFilters {
  readonly status?: string;
  readonly virtualKeyId?: string;
  readonly providerId?: string;
  readonly model?: string;
}

interface Span {
  readonly from: number;
  readonly to: number;
}

export interface HourCount {
  /** Start of the hour, ms. */
  readonly hour: number;
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

function rawCount(ctx: OrmContext, filters: ListFilters, span: Span, onlyUnrolled: boolean) {
  const r = ctx.tables.apiRequests;
  return ctx.client
    .select({ at: sql<number>`${r.created_at}`.as('at'), rows: sql<number>`1`.as('rows') })
    .from(r)
    .where(
      and(
        gte(r.created_at, span.from),
        lt(r.created_at, span.to),
        onlyUnrolled ? eq(r.rolled_up, false) : undefined,
        rowFilter(ctx, filters),
      ),
    );
}

function rollupCount(ctx: OrmContext, filters: ListFilters, span: Span) {
  const u = ctx.tables.apiRequestRollups;
  return ctx.client
    .select({ at: sql<number>`${u.hour}`.as('at'), rows: sql<number>`${u.requests}`.as('rows') })
    .from(u)
    .where(and(gte(u.hour, span.from), lt(u.hour, span.to), rollupFilter(ctx, filters)));
}

/**
 * Rows per hour (hours without rows left out), newest first. `rollupsValid: false` counts every row raw: when a
 * filtered key or provider no longer exists, its rows were re-pointed (ON DELETE SET NULL) while its rollups kept
 * the old id.
 */
export async function countRowsPerHour(
  ctx: OrmContext,
  range: TimeRange,
  filters: ListFilters,
  state: RollupState,
  rollupsValid: boolean,
): Promise<HourCount[]> {
  const { whole, edges } = splitRange(range);
  const raw = edges.map((span) => rawCount(ctx, filters, span, false));
  let rollupSpan: Span = { from: 0, to: 0 };
  if (whole && !rollupsValid) raw.push(rawCount(ctx, filters, whole, false));
  if (whole && rollupsValid) {
    // Hours retention reached (even partly) are counted from the rows that are left.
    const cleaned =
      state.rowsCleanedBefore === null ? whole.from : Math.ceil(state.rowsCleanedBefore / HOUR_MS) * HOUR_MS;
    const firstRollupHour = Math.min(whole.to, Math.max(whole.from, cleaned));
    if (whole.from < firstRollupHour)
      raw.push(rawCount(ctx, filters, { from: whole.from, to: firstRollupHour }, false));
    rollupSpan = { from: firstRollupHour, to: whole.to };
    const unrolledTo = state.complete
      ? rollupSpan.from
      : Math.min(rollupSpan.to, state.backfilledFrom ?? rollupSpan.to);
    if (rollupSpan.from < unrolledTo) raw.push(rawCount(ctx, filters, { from: rollupSpan.from, to: unrolledTo }, true));
  }
  const rollups = rollupCount(ctx, filters, rollupSpan);
  const [first, ...rest] = raw;
  let parts = rollups.as('parts');
  if (first !== undefined) {
    let union = rollups.unionAll(first);
    for (const part of rest) union = union.unionAll(part);
    parts = union.as('parts');
  }
  const hour = ctx.ops.intDiv(sql`${parts.at}`, HOUR_MS);
  const rows = await ctx.client
    .select({ hour, rows: sql<unknown>`SUM(${parts.rows})` })
    .from(parts)
    .groupBy(hour);
  return rows
    .map((row) => ({ hour: Number(row.hour) * HOUR_MS, rows: Number(row.rows ?? 0) }))
    .filter((count) => count.rows > 0)
    .sort((a, b) => b.hour - a.hour);
}
