import { toNumber, toText } from '@gateway-db/core/dialect/row-codec.js';
import { type ExpertRoutingLog, expertRoutingLogsSpec, type NewExpertRoutingLog } from '@gateway-db/schema';
import { and, avg, count, desc, eq, getTableColumns, gte, type SQL } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { compareText } from './compare-text.js';
import { completeRow } from './complete-row.js';
import { generateTimeOrderedId } from './generate-id.js';
import { storableLogRow } from './log-row-repair.js';
import { rowCount } from './row-count.js';

/** Whole chat histories (megabytes per row): lists leave them out. */
type LargeColumn = 'original_request' | 'classifier_request' | 'classifier_response';

/** A log row as lists return it: without the large text columns (read them with `getById`). */
export type ExpertRoutingLogSummary = Omit<ExpertRoutingLog, LargeColumn>;
/** `id` is generated and `created_at` set to now when absent. */
export type NewExpertRoutingLogInput = Omit<NewExpertRoutingLog, 'id' | 'created_at'> & {
  id?: string;
  created_at?: number;
};

export interface CategoryStatistics {
  category: string;
  count: number;
  avgClassificationTime: number;
}

export interface ExpertRoutingStatistics {
  totalRequests: number;
  avgClassificationTime: number;
  /** Most frequent category first. */
  categoryDistribution: CategoryStatistics[];
}

export interface ExpertRoutingLogsRepository {
  create(log: NewExpertRoutingLogInput): Promise<ExpertRoutingLog>;
  /** The full row, large columns included. */
  getById(id: string): Promise<ExpertRoutingLog | undefined>;
  /** Newest first, without the large text columns. */
  getByConfigId(configId: string, limit?: number): Promise<ExpertRoutingLogSummary[]>;
  /** Logs whose `classification_result` is exactly `category`; newest first, without the large text columns. */
  getByCategory(configId: string, category: string, limit?: number): Promise<ExpertRoutingLogSummary[]>;
  /** Over the config's logs created at or after `sinceMs` (all of them when omitted). */
  getStatistics(configId: string, sinceMs?: number): Promise<ExpertRoutingStatistics>;
  /** Over every config's logs created at or after `sinceMs`. */
  getGlobalStatistics(sinceMs: number): Promise<Omit<ExpertRoutingStatistics, 'categoryDistribution'>>;
}

export function createExpertRoutingLogsRepository(
  ctx: OrmContext,
  reads: OrmContext = ctx,
): ExpertRoutingLogsRepository {
  const {
    client,
    ops,
    tables: { expertRoutingLogs: logs },
  } = ctx;
  const { original_request, classifier_request, classifier_response, ...summaryColumns } = getTableColumns(logs);
  const summaries = (where: SQL | undefined, limit: number) =>
    reads.client
      .select(summaryColumns)
      .from(logs)
      .where(where)
      .orderBy(desc(logs.created_at), desc(logs.id))
      .limit(rowCount(limit));

  async function totals(where: SQL | undefined) {
    const [row] = await reads.client
      .select({ total: count(), avgTime: avg(logs.classification_time) })
      .from(logs)
      .where(where);
    return { totalRequests: toNumber(row?.total), avgClassificationTime: toNumber(row?.avgTime) };
  }

  return {
    async create(log) {
      const id = log.id ?? generateTimeOrderedId();
      // Log text a client sent is stored even when it holds lone surrogates: as U+FFFD (see log-row-repair.ts).
      const { row } = storableLogRow(
        logs,
        completeRow<ExpertRoutingLog>(expertRoutingLogsSpec, { ...log, id, created_at: log.created_at ?? Date.now() }),
      );
      // Not read back: the row may hold megabytes of chat history, and it is exactly what was inserted.
      await client.insert(logs).values(row);
      return row;
    },
    getById: hotLookup(ctx, logs, logs.id),
    getByConfigId: (configId, limit = 100) => summaries(eq(logs.expert_routing_id, configId), limit),
    getByCategory: (configId, category, limit = 100) =>
      summaries(
        and(eq(logs.expert_routing_id, configId), ops.exactEquals(logs.classification_result, category)),
        limit,
      ),
    async getStatistics(configId, sinceMs = 0) {
      const where = and(eq(logs.expert_routing_id, configId), gte(logs.created_at, sinceMs));
      const category = ops.exactGroupKey(logs.classification_result);
      const categories = await reads.client
        .select({ category, count: count(), avgTime: avg(logs.classification_time) })
        .from(logs)
        .where(where)
        .groupBy(category);
      const categoryDistribution = categories.map((row) => ({
        category: toText(row.category) ?? '',
        count: toNumber(row.count),
        avgClassificationTime: toNumber(row.avgTime),
      }));
      // Sorted here: MySQL's collation would order equal counts differently from SQLite.
      categoryDistribution.sort((a, b) => b.count - a.count || compareText(a.category, b.category));
      return { ...(await totals(where)), categoryDistribution };
    },
    getGlobalStatistics: (sinceMs) => totals(gte(logs.created_at, sinceMs)),
  };
}
