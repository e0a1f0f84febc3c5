import { type ExpertRoutingLog, type NewExpertRoutingLog, expertRoutingLogsSpec } from '@gateway-db/schema';
import { rowDecoder, toNumber, toText } from '../dialect/row-codec.js';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { compareText } from './compare-text.js';
import { completeRow } from './complete-row.js';
import { generateTimeOrderedId } from './generate-id.js';
import { selectColumns, sqlCount, tableAccess } from './table-access.js';

/** Whole chat histories: megabytes per row, so lists leave them out. */
const LARGE_COLUMNS = ['original_request', 'classifier_request', 'classifier_response'] as const;

/** A log row as lists return it: without the large text columns (read them with `getById`). */
export type ExpertRoutingLogSummary = Omit<ExpertRoutingLog, (typeof LARGE_COLUMNS)[number]>;
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

export function createExpertRoutingLogsRepository(executor: SqlExecutor): ExpertRoutingLogsRepository {
  const access = tableAccess<ExpertRoutingLog>(executor, expertRoutingLogsSpec);
  const summaryColumns = selectColumns(expertRoutingLogsSpec, LARGE_COLUMNS);
  const decodeSummary = rowDecoder<ExpertRoutingLogSummary>(expertRoutingLogsSpec);
  const summaries = async (where: string, params: (string | number)[], limit: number) =>
    (
      await executor.all(
        `SELECT ${summaryColumns} FROM \`expert_routing_logs\` WHERE ${where} ` +
          `ORDER BY \`created_at\` DESC, \`id\` DESC LIMIT ${sqlCount(limit)}`,
        params,
      )
    ).map(decodeSummary);

  async function totals(where: string, params: (string | number)[]) {
    const row = await executor.get(
      'SELECT COUNT(*) AS `total`, AVG(`classification_time`) AS `avg_time` ' +
        `FROM \`expert_routing_logs\` WHERE ${where}`,
      params,
    );
    return { totalRequests: toNumber(row?.total), avgClassificationTime: toNumber(row?.avg_time) };
  }

  return {
    async create(log) {
      const id = log.id ?? generateTimeOrderedId();
      const given = { ...log, id, created_at: log.created_at ?? Date.now() };
      const row = completeRow<ExpertRoutingLog>(expertRoutingLogsSpec, given);
      // Not read back: the row may hold megabytes of chat history, and it is exactly what was inserted.
      await access.insert(row);
      return row;
    },
    getById: (id) => access.getById(id),
    getByConfigId: (configId, limit = 100) => summaries('`expert_routing_id` = ?', [configId], limit),
    getByCategory: (configId, category, limit = 100) =>
      summaries(
        `\`expert_routing_id\` = ? AND ${executor.sql.exactEquals('`classification_result`')}`,
        [configId, category],
        limit,
      ),
    async getStatistics(configId, sinceMs = 0) {
      const where = '`expert_routing_id` = ? AND `created_at` >= ?';
      const category = executor.sql.exactGroupKey('`classification_result`');
      const categories = await executor.all(
        `SELECT ${category} AS \`category\`, COUNT(*) AS \`count\`, AVG(\`classification_time\`) AS \`avg_time\` ` +
          `FROM \`expert_routing_logs\` WHERE ${where} GROUP BY ${category}`,
        [configId, sinceMs],
      );
      const categoryDistribution = categories.map((row) => ({
        category: toText(row.category) ?? '',
        count: toNumber(row.count),
        avgClassificationTime: toNumber(row.avg_time),
      }));
      // Sorted here: MySQL's collation would order equal counts differently from SQLite.
      categoryDistribution.sort((a, b) => b.count - a.count || compareText(a.category, b.category));
      return { ...(await totals(where, [configId, sinceMs])), categoryDistribution };
    },
    getGlobalStatistics: (sinceMs) => totals('`created_at` >= ?', [sinceMs]),
  };
}
