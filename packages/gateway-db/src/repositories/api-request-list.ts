/**
 * `apiRequests.getAll`: the log, newest first (created_at, then id), filtered. The total and the place of a page
 * come from row counts per day, then per hour of one day (rollups: list-counts.ts), so neither costs O(table):
 * page N steps over only the rows of the hour it starts in before its own, in the index. A `cursor` (the
 * `nextCursor` of the page before) pages by keyset instead of by number: no offset at all.
 */
import { toNumber } from '@gateway-db/core/dialect/row-codec.js';
import { GatewayDbError } from '@gateway-db/core/errors.js';
import type { ApiRequest } from '@gateway-db/schema';
import { and, desc, eq, getTableColumns, lt, or, type SQL, sql } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { countRowsPer, type ListFilters, type PeriodCount, rowFilter } from '../rollups/list-counts.js';
import { readRollupState } from '../rollups/rollup-state.js';
import type { LogReads } from './log-reads.js';
import { DAY_MS, HOUR_MS, type TimeRangeOptions } from './logged-requests.js';
import { rowCount } from './row-count.js';
import { after, atOrAfter, atOrBefore, type Bound, before, earlierEnd, laterStart, within } from './time-window.js';

export interface ApiRequestFilters extends TimeRangeOptions, ListFilters {
  /** 1-based; default 1. Ignored when `cursor` is given. */
  page?: number;
  /** Default 20. */
  pageSize?: number;
  /** Exact match (letter case and trailing spaces matter). */
  model?: string;
  /** The `nextCursor` of the previous page: the rows after it, without counting the pages before. */
  cursor?: string;
}

export interface ApiRequestPage {
  data: ApiRequest[];
  /** Rows matching the filters (the time range included; `disable_logging` does not hide rows here). */
  total: number;
  page: number;
  pageSize: number;
  totalPages: number;
  /** Pass as `cursor` for the next page; null when this page is the last. */
  nextCursor: string | null;
}

/** The widest range a JS timestamp can hold: an open range reads everything. */
const EARLIEST = -8.64e15;
const LATEST = 8.64e15;

interface Position {
  readonly createdAt: number;
  readonly id: string;
}

function encodeCursor(row: ApiRequest): string {
  return Buffer.from(JSON.stringify([row.created_at, row.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof createdAt === 'number' && Number.isFinite(createdAt) && typeof id === 'string') return { createdAt, id };
  } catch {
    // Reported below.
  }
  throw new GatewayDbError({
    code: 'CONFIG',
    message: "apiRequests.getAll: the cursor is not one getAll returned; pass a page's nextCursor as it is",
  });
}

/**
 * Whether the rollups surely name the filtered key and provider as the rows do (see countRowsPer): a deleted one's
 * rows may have been re-pointed to NULL before migration 0002, so its counts come from the rows.
 */
async function filteredReferencesExist(ctx: OrmContext, filters: ListFilters): Promise<boolean> {
  const { virtualKeys: k, providers: p } = ctx.tables;
  if (filters.virtualKeyId !== undefined) {
    const [key] = await ctx.client.select({ id: k.id }).from(k).where(eq(k.id, filters.virtualKeyId));
    if (!key) return false;
  }
  if (filters.providerId !== undefined) {
    const [provider] = await ctx.client.select({ id: p.id }).from(p).where(eq(p.id, filters.providerId));
    if (!provider) return false;
  }
  return true;
}

/** The period (newest first) holding the row at `offset`, and how many rows the newer periods hold. */
function locate(periods: readonly PeriodCount[], offset: number): { start: number; newer: number } {
  let newer = 0;
  for (const period of periods) {
    if (newer + period.rows > offset) return { start: period.start, newer };
    newer += period.rows;
  }
  // Not reached when the counts add up to more than `offset`; the oldest period is then the safe answer.
  return { start: periods.at(-1)?.start ?? 0, newer: newer - (periods.at(-1)?.rows ?? 0) };
}

/**
 * Whether to step over a page's skipped rows by their time alone (startByTime): where an index without the id
 * answers the list's conditions (the time, and a key through its (virtual_key_id, created_at) index). Other
 * filters read each row anyway, and InnoDB's indexes hold the id already.
 */
function steppedByTime(ctx: OrmContext, filters: ListFilters): boolean {
  if (ctx.ops.indexesHoldId) return false;
  return filters.status === undefined && filters.providerId === undefined && filters.model === undefined;
}

/**
 * Where a page starts that skips `skip` rows of a window (newest first), found by time: the time of the row at
 * that offset and the count of newer rows, both read from the created_at index alone, so only the rows of that one
 * millisecond are stepped over by id. On SQLite that index holds the rowid, not the id: stepping over by
 * (created_at, id) read each skipped row from the table (~58 ms for 40,000 rows of a busy hour).
 */
async function startByTime(
  ctx: OrmContext,
  matching: (window: Window) => SQL | undefined,
  window: Window,
  skip: number,
): Promise<{ window: Window; skip: number }> {
  const r = ctx.tables.apiRequests;
  const [at] = await ctx.client
    .select({ createdAt: r.created_at })
    .from(r)
    .where(matching(window))
    .orderBy(desc(r.created_at))
    .limit(1)
    .offset(skip);
  // Fewer rows than counted (retention deleted some meanwhile): step over them as before.
  if (!at) return { window, skip };
  const [newer] = await ctx.client
    .select({ rows: sql<unknown>`COUNT(*)` })
    .from(r)
    .where(matching({ ...window, from: laterStart(window.from, after(at.createdAt)) }));
  return {
    window: { ...window, to: earlierEnd(window.to, atOrBefore(at.createdAt)) },
    // A row logged into the hour meanwhile can make the count exceed the offset: the page then starts at the time.
    skip: Math.max(0, skip - toNumber(newer?.rows)),
  };
}

/** A list's created_at bounds (time-window.ts: one condition per side). */
interface Window {
  readonly from: Bound;
  readonly to: Bound;
}

export async function listApiRequests(reads: LogReads, filters: ApiRequestFilters): Promise<ApiRequestPage> {
  const ctx = reads.logs;
  const { client, tables } = ctx;
  const r = tables.apiRequests;
  const page = Math.max(1, rowCount(filters.page ?? 1));
  const pageSize = Math.max(1, rowCount(filters.pageSize ?? 20));
  const range = {
    start: Math.max(EARLIEST, filters.startTime ?? EARLIEST),
    end: Math.min(LATEST, filters.endTime ?? LATEST),
  };
  const [state, valid] = await Promise.all([readRollupState(ctx), filteredReferencesExist(reads.config, filters)]);
  const days = await countRowsPer(ctx, 'day', range, filters, state, valid);
  const total = days.reduce((sum, day) => sum + day.rows, 0);
  const matching = ({ from, to }: Window) => and(...within(r.created_at, from, to), rowFilter(ctx, filters));
  const inRange: Window = { from: atOrAfter(range.start), to: atOrBefore(range.end) };
  const newestFirst = [desc(r.created_at), desc(r.id)];
  const result = (data: ApiRequest[], position: number) => ({
    data,
    total,
    page,
    pageSize,
    totalPages: Math.ceil(total / pageSize),
    nextCursor:
      data.length === pageSize && position + data.length < total ? encodeCursor(data.at(-1) as ApiRequest) : null,
  });

  if (filters.cursor !== undefined) {
    const position = decodeCursor(filters.cursor);
    const data = await client
      .select()
      .from(r)
      .where(
        and(
          matching({ ...inRange, to: earlierEnd(inRange.to, atOrBefore(position.createdAt)) }),
          or(lt(r.created_at, position.createdAt), and(eq(r.created_at, position.createdAt), lt(r.id, position.id))),
        ),
      )
      .orderBy(...newestFirst)
      .limit(pageSize);
    // Where the cursor stands is not counted (that would cost what the cursor saves): only a short page ends it.
    return {
      ...result(data, 0),
      nextCursor: data.length === pageSize ? encodeCursor(data.at(-1) as ApiRequest) : null,
    };
  }

  const offset = (page - 1) * pageSize;
  if (offset >= total) return result([], offset);
  // The day, then the hour, the page starts in: the rows of newer periods are skipped without being read.
  const day = locate(days, offset);
  const dayRange = { start: Math.max(range.start, day.start), end: Math.min(range.end, day.start + DAY_MS - 1) };
  const hour = locate(await countRowsPer(ctx, 'hour', dayRange, filters, state, valid), offset - day.newer);
  const startHour = hour.start;
  const newer = day.newer + hour.newer;
  const inHour: Window = { ...inRange, to: earlierEnd(inRange.to, before(startHour + HOUR_MS)) };
  const start = steppedByTime(ctx, filters)
    ? await startByTime(ctx, matching, inHour, offset - newer)
    : { window: inHour, skip: offset - newer };
  // The rows skipped inside the hour are stepped over by id only, then the page's rows are read whole: skipping
  // whole rows read every skipped row's bodies (2x slower on SQLite at 40,000 skipped rows; on MySQL the skip is
  // then an index-only scan of (created_at, id)).
  const pageIds = client
    .select({ id: r.id })
    .from(r)
    .where(matching(start.window))
    .orderBy(...newestFirst)
    .limit(pageSize)
    .offset(start.skip)
    .as('page_ids');
  const data = await client
    .select(getTableColumns(r))
    .from(r)
    .innerJoin(pageIds, eq(r.id, pageIds.id))
    .orderBy(...newestFirst);
  return result(data, offset);
}
