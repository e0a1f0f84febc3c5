/** The dialect differences on MySQL 8.0 / MariaDB 10.11 (see DialectOps). */

import type { SqlExecutor } from '@gateway-db/core/dialect/sql-executor.js';
import type { NewApiRequestRollup } from '@gateway-db/schema';
import { and, type Column, eq, lt, type SQL, sql } from 'drizzle-orm';
import { ROLLUP_COUNTERS } from '../rollups/rollup-counters.js';
import type { DialectOps } from './dialect-ops.js';
import type { MysqlOrm } from './gateway-orm.js';
import { renderedRows } from './rendered-rows.js';
import { ROLLUP_KEYS } from './rollup-keys.js';
import { wholePeriodBefore } from './rollup-retention.js';
import { powerOfTwoChunks } from './statement-chunks.js';

/** Rows per multi-row statement, in powers of two: at most 8 distinct texts per table. */
const MAX_ROWS_PER_STATEMENT = 128;

function affectedRows(result: unknown): number {
  const header = Array.isArray(result) ? (result[0] as { affectedRows?: unknown } | undefined) : undefined;
  return Number(header?.affectedRows ?? 0);
}

/** Ids up to this many bytes group as themselves (shortGroupKeys). */
const SHORT_ID_BYTES = 200;

/** A 64-character hex string: grouping by it needs no on-disk temporary table, unlike a LONGTEXT. */
const modelKeyOf = (column: Column) => sql<string | null>`SHA2(${column}, 256)`;

export function mysqlOps({ client, tables }: MysqlOrm, executor: SqlExecutor): DialectOps {
  const { systemConfig, apiRequests, apiRequestRollups: rollups, apiRequestModels: models } = tables;
  // VALUES(col) is the value the INSERT proposed (MariaDB has no `AS new` row alias; MySQL 8 still accepts
  // VALUES() here, with a deprecation note).
  const increments = Object.fromEntries(
    ROLLUP_COUNTERS.map((name) => [name, sql`${sql.identifier(name)} + VALUES(${sql.identifier(name)})`]),
  ) as Record<(typeof ROLLUP_COUNTERS)[number], SQL>;
  const upsert = renderedRows<NewApiRequestRollup>('mysql: api_request_rollups upsert', ROLLUP_KEYS, (rows) =>
    client.insert(rollups).values(rows).onDuplicateKeyUpdate({ set: increments }).toSQL(),
  );
  return {
    cheapDistinctStatements: false,
    indexesHoldId: true,
    affectedRows,
    // The value as a binary string makes the comparison byte-wise: no case folding, trailing spaces count.
    exactEquals: (column, value) => sql`${column} = CAST(${value} AS BINARY)`,
    exactGroupKey: (column) => sql`CAST(${column} AS BINARY)`,
    shortGroupKeys: (id) => [
      sql`IF(LENGTH(${id}) <= ${sql.raw(String(SHORT_ID_BYTES))}, LEFT(${id}, ${sql.raw(String(SHORT_ID_BYTES))}), SHA2(${id}, 256))`,
      sql`LENGTH(${id})`,
    ],
    intDiv: (column, divisor) => sql<number>`(${column} DIV ${sql.raw(String(Math.trunc(divisor)))})`,
    modelKeyOf,
    modelGroup(column) {
      const short = sql.raw(String(SHORT_ID_BYTES));
      // Binary in both branches (grouped byte for byte, never by the LONGTEXT itself): the model's bytes, or its
      // sha256 as 32 bytes when longer.
      const bytes = sql`IF(LENGTH(${column}) <= ${short}, LEFT(CAST(${column} AS BINARY), ${short}), UNHEX(${modelKeyOf(column)}))`;
      // Both branches are hex text in the connection's character set (SHA2 and HEX), so they never mix collations.
      const key = sql<
        string | null
      >`IF(MIN(LENGTH(${column})) <= ${short}, SHA2(MIN(${bytes}), 256), LOWER(HEX(MIN(${bytes}))))`;
      return { key, groupBy: [bytes, sql`LENGTH(${column})`] };
    },
    async upsertSystemConfig(row, updateDescription) {
      // ON DUPLICATE KEY UPDATE fires on the primary key `key`; the new values are given again in `set`
      // (MariaDB has no `AS new` row alias, and VALUES() is deprecated in MySQL 8).
      const set = updateDescription
        ? { value: row.value, description: row.description ?? null, updated_at: row.updated_at }
        : { value: row.value, updated_at: row.updated_at };
      await client.insert(systemConfig).values(row).onDuplicateKeyUpdate({ set });
    },
    async deleteApiRequestsBefore(cutoff, limit) {
      return affectedRows(
        await client
          .delete(apiRequests)
          .where(and(lt(apiRequests.created_at, cutoff), eq(apiRequests.rolled_up, true)))
          .limit(limit),
      );
    },
    async deleteRollupsBefore(cutoff, limit) {
      return affectedRows(await client.delete(rollups).where(wholePeriodBefore(rollups, cutoff)).limit(limit));
    },
    async addToRollups(delta) {
      // One statement at a time (see log-writer-batch.ts: never sent ahead inside a transaction).
      for (const chunk of powerOfTwoChunks(delta.models, MAX_ROWS_PER_STATEMENT)) {
        // A model another writer recorded first is left as it is (same key, same text).
        await client
          .insert(models)
          .values(chunk)
          .onDuplicateKeyUpdate({ set: { id: sql`${sql.identifier('id')}` } });
      }
      for (const chunk of powerOfTwoChunks(delta.rollups, MAX_ROWS_PER_STATEMENT)) {
        await executor.run(upsert.text(chunk.length), upsert.params(chunk));
      }
    },
  };
}
