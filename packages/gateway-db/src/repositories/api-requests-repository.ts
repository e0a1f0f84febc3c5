import { type ApiRequest, type NewApiRequest, apiRequestsSpec } from '@gateway-db/schema';
import { toNumber } from '../dialect/row-codec.js';
import type { SqlExecutor, SqlValue } from '../dialect/sql-executor.js';
import { GatewayDbError } from '../errors.js';
import type { ApiRequestLogWriter } from '../log-writer.js';
import {
  type ApiRequestStats, type ModelStats, type ModelStatsOptions, getApiRequestStats, getModelStats,
} from './api-request-stats.js';
import { type KeyTrend, type TrendBucket, type TrendOptions, getTrend, getTrendByKey } from './api-request-trend.js';
import { completeRow } from './complete-row.js';
import { generateTimeOrderedId } from './generate-id.js';
import { DAY_MS, type TimeRangeOptions } from './logged-requests.js';
import { sqlCount, tableAccess } from './table-access.js';

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
  /** Deletes requests older than `daysToKeep` days in bounded batches; returns how many were deleted. */
  cleanOldRecords(daysToKeep: number): Promise<number>;
}

function filterClause(filters: ApiRequestFilters, executor: SqlExecutor): { where: string; params: SqlValue[] } {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  const add = (condition: string, value: SqlValue | undefined) => {
    if (value === undefined) return;
    conditions.push(condition);
    params.push(value);
  };
  add('`created_at` >= ?', filters.startTime);
  add('`created_at` <= ?', filters.endTime);
  // `status` is a VARCHAR with MySQL's case-folding, PAD SPACE collation: `=` keeps its index usable, the byte
  // comparison keeps 'SUCCESS' and 'success ' from matching 'success' (as on SQLite).
  add('`status` = ?', filters.status);
  add(executor.sql.exactEquals('`status`'), filters.status);
  add('`virtual_key_id` = ?', filters.virtualKeyId);
  add('`provider_id` = ?', filters.providerId);
  // `model` is free text (LONGTEXT, case-folding collation on MySQL): compare bytes explicitly.
  add(executor.sql.exactEquals('`model`'), filters.model);
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

export function createApiRequestsRepository(
  executor: SqlExecutor,
  logWriter: ApiRequestLogWriter,
  options: ApiRequestsRepositoryOptions = {},
): ApiRequestsRepository {
  const access = tableAccess<ApiRequest>(executor, apiRequestsSpec);
  const batchSize = Math.max(1, sqlCount(options.cleanBatchSize ?? 1000));
  const NEWEST_FIRST = 'ORDER BY `created_at` DESC, `id` DESC';

  return {
    create(record) {
      const createdAt = record.created_at ?? Date.now();
      const given = { ...record, id: record.id ?? generateTimeOrderedId(createdAt), created_at: createdAt };
      const row = completeRow<ApiRequest>(apiRequestsSpec, given);
      logWriter.enqueue(row);
      return row;
    },
    flush: () => logWriter.flush(),
    getStats: (range) => getApiRequestStats(executor, range),
    getTrend: (trend) => getTrend(executor, trend),
    getTrendByKey: (trend) => getTrendByKey(executor, trend),
    getModelStats: (stats) => getModelStats(executor, stats),
    async getAll(filters = {}) {
      const page = Math.max(1, sqlCount(filters.page ?? 1));
      const pageSize = Math.max(1, sqlCount(filters.pageSize ?? 20));
      const { where, params } = filterClause(filters, executor);
      const counted = await executor.get(`SELECT COUNT(*) AS \`total\` FROM \`api_requests\` ${where}`, params);
      const total = toNumber(counted?.total);
      const pageSql = `${where} ${NEWEST_FIRST} LIMIT ${pageSize} OFFSET ${sqlCount((page - 1) * pageSize)}`;
      const data = await access.select(pageSql, params);
      return { data, total, page, pageSize, totalPages: Math.ceil(total / pageSize) };
    },
    getById: (id) => access.getById(id),
    getByVirtualKey: (virtualKeyId, limit = 100) =>
      access.select(`WHERE \`virtual_key_id\` = ? ${NEWEST_FIRST} LIMIT ${sqlCount(limit)}`, [virtualKeyId]),
    async cleanOldRecords(daysToKeep) {
      if (!Number.isFinite(daysToKeep) || daysToKeep < 0) {
        throw new GatewayDbError({ code: 'CONFIG', message: 'api_requests retention: daysToKeep must be a number >= 0' });
      }
      const cutoff = Date.now() - daysToKeep * DAY_MS;
      const statement = executor.sql.deleteLimited('api_requests', '`created_at` < ?', batchSize);
      let total = 0;
      for (;;) {
        const { changes } = await executor.run(statement, [cutoff]);
        total += changes;
        if (changes < batchSize) return total;
        // Let queued queries (and, on SQLite, the event loop) run between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}
