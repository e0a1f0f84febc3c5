/** The dialect differences on MySQL 8.0 / MariaDB 10.11 (see DialectOps). */
import { lt, sql } from 'drizzle-orm';
import type { DialectOps } from './dialect-ops.js';
import type { MysqlOrm } from './gateway-orm.js';

function affectedRows(result: unknown): number {
  const header = Array.isArray(result) ? (result[0] as { affectedRows?: unknown } | undefined) : undefined;
  return Number(header?.affectedRows ?? 0);
}

export function mysqlOps({ client, tables }: MysqlOrm): DialectOps {
  const { systemConfig, apiRequests } = tables;
  return {
    cheapDistinctStatements: false,
    affectedRows,
    // The value as a binary string makes the comparison byte-wise: no case folding, trailing spaces count.
    exactEquals: (column, value) => sql`${column} = CAST(${value} AS BINARY)`,
    exactGroupKey: (column) => sql`CAST(${column} AS BINARY)`,
    intDiv: (column, divisor) => sql<number>`(${column} DIV ${sql.raw(String(Math.trunc(divisor)))})`,
    async upsertSystemConfig(row, updateDescription) {
      // ON DUPLICATE KEY UPDATE fires on the primary key `key`; the new values are given again in `set`
      // (MariaDB has no `AS new` row alias, and VALUES() is deprecated in MySQL 8).
      const set = updateDescription
        ? { value: row.value, description: row.description ?? null, updated_at: row.updated_at }
        : { value: row.value, updated_at: row.updated_at };
      await client.insert(systemConfig).values(row).onDuplicateKeyUpdate({ set });
    },
    async deleteApiRequestsBefore(cutoff, limit) {
      return affectedRows(await client.delete(apiRequests).where(lt(apiRequests.created_at, cutoff)).limit(limit));
    },
  };
}
