import { GatewayDbError } from '@gateway-db/core/errors.js';
import { type ApiRequest, apiRequestsSpec, type NewApiRequest } from '@gateway-db/schema';
import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { ApiRequestLogWriter } from '../log-writer.js';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import {
  type ApiRequestStats,
  getApiRequestStats,
  getModelStats,
  type ModelStats,
  type ModelStatsOptions,
} from './api-request-stats.js';
import { getTrend, getTrendByKey, type KeyTrend, type TrendBucket, type TrendOptions } from './api-request-trend.js';
import { completeRow } from './complete-row.js';
import { generateTimeOrderedId } from './generate-id.js';
import { DAY_MS, type TimeRangeOptions } from './logged-requests.js';
import { rowCount } from './row-count.js';

/** `id` is generated and `created_at` set to now when absent. */
export type NewApiRequestInput = Omit<NewApiRequest, 'id' | 'created_at'> & { id?: string; created_at?: number };

export interface ApiRequestFilters extends TimeRangeOptions {
  /** 1-based; default 1. */
  page?: number;
  /** Default 20. */
  pageSize?: number;
  status?: string;
  virtualKeyId?: string;
  providerId?: string;
  /** Exact match (letter case and trailing spaces matter). */
  model?: string;
}

export interface ApiRequestPage {
  data: ApiRequest[];
  total: number;
  page: number;
  pageSize: number;
  totalPages: number;
}

export interface ApiRequestsRepositoryOptions {
  /**
   * Rows deleted per statement by `cleanOldRecords`; default 1,000. Each batch holds its locks only briefly and, on
   * SQLite (a synchronous driver), the event loop too: a 5,000-row batch held it ~140 ms (docs/reliability.md).
   */
  cleanBatchSize?: number;
}

export interface ApiRequestsRepository {
  /** Buffers the row for the log writer: no database round trip. Returns the row as it will be stored. */
  create(record: NewApiRequestInput): ApiRequest;
  /** Writes out whatever the log writer still buffers. */
  flush(): Promise<void>;
  /** Default range: the last 24 hours. Requests of keys with `disable_logging` are left out. */
  getStats(options?: TimeRangeOptions): Promise<ApiRequestStats>;
  getTrend(options: TrendOptions): Promise<TrendBucket[]>;
  getTrendByKey(options: TrendOptions): Promise<KeyTrend[]>;
  getModelStats(options?: ModelStatsOptions): Promise<ModelStats[]>;
  /** Newest first; every filter given must match. */
  getAll(filters?: ApiRequestFilters): Promise<ApiRequestPage>;
  getById(id: string): Promise<ApiRequest | undefined>;
  /** Newest first; default limit 100. */
  getByVirtualKey(virtualKeyId: string, limit?: number): Promise<ApiRequest[]>;
  /**
   * Deletes requests older than `daysToKeep` days in bounded batches; returns how many were deleted. The
   * dashboard rollups keep their numbers (whole hours of a cleaned range still show them; see
   * `cleanOldRollups`). Rows the rollup backfill has not reached yet are kept until it has.
   */
  cleanOldRecords(daysToKeep: number): Promise<number>;
  /** Deletes dashboard rollups of hours older than `daysToKeep` days (a longer retention than the rows'). */
  cleanOldRollups(daysToKeep: number): Promise<number>;
}

function filterClause({ ops, tables: { apiRequests: r } }: OrmContext, filters: ApiRequestFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filters.startTime !== undefined) conditions.push(gte(r.created_at, filters.startTime));
  if (filters.endTime !== undefined) conditions.push(lte(r.created_at, filters.endTime));
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

export function createApiRequestsRepository(
  ctx: OrmContext,
  logWriter: ApiRequestLogWriter,
  options: ApiRequestsRepositoryOptions = {},
): ApiRequestsRepository {
  const {
    client,
    ops,
    tables: { apiRequests: r },
  } = ctx;
  const batchSize = Math.max(1, rowCount(options.cleanBatchSize ?? 1000));
  const newestFirst = [desc(r.created_at), desc(r.id)];

  return {
    create(record) {
      const createdAt = record.created_at ?? Date.now();
      const given = { ...record, id: record.id ?? generateTimeOrderedId(createdAt), created_at: createdAt };
      // The row as it will be stored (lone surrogates replaced: the writer counts and reports that).
      return logWriter.enqueue(completeRow<ApiRequest>(apiRequestsSpec, given));
    },
    flush: () => logWriter.flush(),
    getStats: (range) => getApiRequestStats(ctx, range),
    getTrend: (trend) => getTrend(ctx, trend),
    getTrendByKey: (trend) => getTrendByKey(ctx, trend),
    getModelStats: (stats) => getModelStats(ctx, stats),
    async getAll(filters = {}) {
      const page = Math.max(1, rowCount(filters.page ?? 1));
      const pageSize = Math.max(1, rowCount(filters.pageSize ?? 20));
      const where = filterClause(ctx, filters);
      const [counted] = await client.select({ total: count() }).from(r).where(where);
      const total = counted?.total ?? 0;
      const data = await client
        .select()
        .from(r)
        .where(where)
        .orderBy(...newestFirst)
        .limit(pageSize)
        .offset(rowCount((page - 1) * pageSize));
      return { data, total, page, pageSize, totalPages: Math.ceil(total / pageSize) };
    },
    getById: hotLookup(ctx, r, r.id),
    getByVirtualKey: (virtualKeyId, limit = 100) =>
      client
        .select()
        .from(r)
        .where(eq(r.virtual_key_id, virtualKeyId))
        .orderBy(...newestFirst)
        .limit(rowCount(limit)),
    cleanOldRecords: (daysToKeep) =>
      deleteInBatches(daysToKeep, batchSize, 'api_requests', (cutoff) =>
        ops.deleteApiRequestsBefore(cutoff, batchSize),
      ),
    cleanOldRollups: (daysToKeep) =>
      deleteInBatches(daysToKeep, batchSize, 'api_request_rollups', (cutoff) =>
        ops.deleteRollupsBefore(cutoff, batchSize),
      ),
  };
}

/** Calls `deleteBatch` until a batch deletes less than `batchSize` rows; returns the total. */
async function deleteInBatches(
  daysToKeep: number,
  batchSize: number,
  table: string,
  deleteBatch: (cutoff: number) => Promise<number>,
): Promise<number> {
  if (!Number.isFinite(daysToKeep) || daysToKeep < 0) {
    throw new GatewayDbError({ code: 'CONFIG', message: `${table} retention: daysToKeep must be a number >= 0` });
  }
  const cutoff = Date.now() - daysToKeep * DAY_MS;
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch(cutoff);
    total += deleted;
    if (deleted < batchSize) return total;
    // Let queued queries (and, on SQLite, the event loop) run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
