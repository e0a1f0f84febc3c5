import { GatewayDbError } from '@gateway-db/core/errors.js';
import { type ApiRequest, apiRequestsSpec, type NewApiRequest } from '@gateway-db/schema';
import { desc, eq } from 'drizzle-orm';
import type { ApiRequestLogWriter } from '../log-writer.js';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { recordRowsCleanedBefore } from '../rollups/rollup-state.js';
import { type ApiRequestFilters, type ApiRequestPage, listApiRequests } from './api-request-list.js';
import {
  type ApiRequestStats,
  getApiRequestStats,
  getModelStats,
  type ModelStats,
  type ModelStatsOptions,
} from './api-request-stats.js';
import { getTrend, getTrendByKey, type KeyTrend, type TrendBucket, type TrendOptions } from './api-request-trend.js';
import { completeRow } from './complete-row.js';
import { deleteInBatches } from './delete-in-batches.js';
import { generateTimeOrderedId } from './generate-id.js';
import type { LogReads } from './log-reads.js';
import { DAY_MS, type TimeRangeOptions } from './logged-requests.js';
import { rowCount } from './row-count.js';

/** `id` is generated and `created_at` set to now when absent. */
export type NewApiRequestInput = Omit<NewApiRequest, 'id' | 'created_at'> & { id?: string; created_at?: number };

export type { ApiRequestFilters, ApiRequestPage } from './api-request-list.js';

export interface ApiRequestsRepositoryOptions {
  /**
   * The most rows one statement of `cleanOldRecords`/`cleanOldRollups` deletes; default 1,000. On SQLite (a
   * synchronous driver, each batch holds the event loop) batches are also sized to take about `cleanBatchMs`.
   */
  cleanBatchSize?: number;
  /** SQLite: the time one retention batch may hold the event loop, in ms; default 10. */
  cleanBatchMs?: number;
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
  /**
   * Newest first; every filter given must match. The total and the page's place come from the rollups' per-hour
   * counts; `cursor` (a page's `nextCursor`) pages without any offset.
   */
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

/**
 * `ctx` is the log store (api_requests and its rollups). `reads.logs` runs the dashboard and list queries: on a
 * SQLite file, a connection in a worker thread (core's SqliteReadWorker), so they do not hold the event loop; on
 * MySQL with replicas, a replica; otherwise the same as `ctx`. `reads.config` is where the key and provider names
 * and `disable_logging` flags are read (the main store: see log-reads.ts).
 */
export function createApiRequestsRepository(
  ctx: OrmContext,
  logWriter: ApiRequestLogWriter,
  options: ApiRequestsRepositoryOptions = {},
  reads: LogReads = { logs: ctx, config: ctx },
): ApiRequestsRepository {
  const {
    client,
    ops,
    tables: { apiRequests: r },
  } = ctx;
  const batches = {
    maxRows: Math.max(1, rowCount(options.cleanBatchSize ?? 1000)),
    ...(ctx.executor.dialect === 'sqlite' ? { budgetMs: Math.max(1, options.cleanBatchMs ?? 10) } : {}),
  };
  const newestFirst = [desc(r.created_at), desc(r.id)];

  return {
    create(record) {
      const createdAt = record.created_at ?? Date.now();
      const given = { ...record, id: record.id ?? generateTimeOrderedId(createdAt), created_at: createdAt };
      // The row as it will be stored (lone surrogates replaced: the writer counts and reports that).
      return logWriter.enqueue(completeRow<ApiRequest>(apiRequestsSpec, given));
    },
    flush: () => logWriter.flush(),
    getStats: (range) => getApiRequestStats(reads, range),
    getTrend: (trend) => getTrend(reads, trend),
    getTrendByKey: (trend) => getTrendByKey(reads, trend),
    getModelStats: (stats) => getModelStats(reads, stats),
    getAll: (filters = {}) => listApiRequests(reads, filters),
    getById: hotLookup(ctx, r, r.id),
    getByVirtualKey: (virtualKeyId, limit = 100) =>
      client
        .select()
        .from(r)
        .where(eq(r.virtual_key_id, virtualKeyId))
        .orderBy(...newestFirst)
        .limit(rowCount(limit)),
    async cleanOldRecords(daysToKeep) {
      const cutoff = retentionCutoff(daysToKeep, 'api_requests');
      // Recorded first: lists stop trusting the rollups of these hours before any row of them is gone.
      await recordRowsCleanedBefore(ctx, cutoff);
      return deleteInBatches((limit) => ops.deleteApiRequestsBefore(cutoff, limit), batches);
    },
    async cleanOldRollups(daysToKeep) {
      const cutoff = retentionCutoff(daysToKeep, 'api_request_rollups');
      return deleteInBatches((limit) => ops.deleteRollupsBefore(cutoff, limit), batches);
    },
  };
}

function retentionCutoff(daysToKeep: number, table: string): number {
  if (!Number.isFinite(daysToKeep) || daysToKeep < 0) {
    throw new GatewayDbError({ code: 'CONFIG', message: `${table} retention: daysToKeep must be a number >= 0` });
  }
  return Date.now() - daysToKeep * DAY_MS;
}
