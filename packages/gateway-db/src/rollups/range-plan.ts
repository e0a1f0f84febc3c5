/**
 * How a time range splits for the rollups: whole UTC days (daily rollups), whole hours around them (hourly
 * rollups), partial hours at the edges (raw rows). Pure arithmetic, shared by dashboards and lists.
 */
import { DAY_MS, HOUR_MS, type TimeRange } from '../repositories/logged-requests.js';

/** A range of created_at (or hour) values, start inclusive, end exclusive. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/** The coarsest rollup period a read may use: `hour` when its buckets are hours. */
export type Coarsest = 'hour' | 'day';

export interface RangePlan {
  /** Whole UTC days, from the daily rollups. */
  readonly days: Span | undefined;
  /** Whole UTC hours outside those days, from the hourly rollups. */
  readonly hours: Span[];
  /** The partial hours at the edges: raw rows. */
  readonly edges: Span[];
  /** Every whole hour of the range (days and hours): where rows not rolled up yet must be read raw. */
  readonly rolled: Span | undefined;
}

const nonEmpty = (spans: Span[]) => spans.filter((span) => span.from < span.to);

/** How a range splits into whole days, whole hours and raw edges (`end` inclusive, spans end-exclusive). */
export function planRange({ start, end }: TimeRange, coarsest: Coarsest): RangePlan {
  const none = { days: undefined, hours: [], edges: [], rolled: undefined };
  if (end < start) return none;
  const firstHour = Math.ceil(start / HOUR_MS) * HOUR_MS;
  const hoursEnd = Math.floor((end + 1) / HOUR_MS) * HOUR_MS;
  if (firstHour >= hoursEnd) return { ...none, edges: [{ from: start, to: end + 1 }] };
  const edges = nonEmpty([
    { from: start, to: firstHour },
    { from: hoursEnd, to: end + 1 },
  ]);
  const rolled = { from: firstHour, to: hoursEnd };
  const firstDay = Math.ceil(firstHour / DAY_MS) * DAY_MS;
  const daysEnd = Math.floor(hoursEnd / DAY_MS) * DAY_MS;
  if (coarsest === 'hour' || firstDay >= daysEnd) return { days: undefined, hours: [rolled], edges, rolled };
  const hours = nonEmpty([
    { from: firstHour, to: firstDay },
    { from: daysEnd, to: hoursEnd },
  ]);
  return { days: { from: firstDay, to: daysEnd }, hours, edges, rolled };
}

/**
 * How to read a partial-hour edge (inside one hour): `raw`, its rows; or `subtract`, its hour's rollup minus the
 * rows of the hour outside it (only once every row is rolled up). Both are exact; the cheaper one scans fewer
 * rows, estimated by time: rows exist only up to `now`, so the part of the hour still in the future costs
 * nothing. An edge ending now (every "last N hours" dashboard) is read from its rollup, not from the rows of the
 * current hour, however far into the hour `now` is; otherwise at most half an hour of rows is scanned.
 */
export function edgeStrategy(span: Span, complete: boolean, now: number): 'raw' | 'subtract' {
  if (!complete) return 'raw';
  const hour = Math.floor(span.from / HOUR_MS) * HOUR_MS;
  const past = (from: number, to: number) => Math.max(0, Math.min(to, now) - from);
  const inside = past(span.from, span.to);
  const outside = past(hour, span.from) + past(span.to, hour + HOUR_MS);
  return outside < inside ? 'subtract' : 'raw';
}
