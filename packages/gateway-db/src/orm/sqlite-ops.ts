/** The dialect differences on SQLite (see DialectOps). */

import type { SqlExecutor } from '@gateway-db/core/dialect/sql-executor.js';
import { SHA256_FUNCTION } from '@gateway-db/core/dialect/sqlite/sqlite-connection.js';
import type { NewApiRequestRollup } from '@gateway-db/schema';
import { and, type Column, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { ROLLUP_COUNTERS } from '../rollups/rollup-counters.js';
import type { DialectOps } from './dialect-ops.js';
import type { SqliteOrm } from './gateway-orm.js';
import { renderedRows } from './rendered-rows.js';
import { ROLLUP_KEYS } from './rollup-keys.js';
import { wholePeriodBefore } from './rollup-retention.js';
import { fixedChunks, powerOfTwoChunks } from './statement-chunks.js';

/** Rows per multi-row statement: far below SQLite's 32,766 bound variables for the 18 rollup columns. */
const ROWS_PER_STATEMENT = 512;

/** A function every gateway-db connection registers (core's sqlite-connection.ts). */
const modelKeyOf = (column: Column) => sql<string | null>`${sql.raw(SHA256_FUNCTION)}(${column})`;

export function sqliteOps({ client, tables }: SqliteOrm, executor: SqlExecutor): DialectOps {
  const { systemConfig, apiRequests, apiRequestRollups: rollups, apiRequestModels: models } = tables;
  const changes = (result: unknown) => Number((result as { changes?: unknown } | undefined)?.changes ?? 0);
  // `excluded` is the row the INSERT proposed: each counter adds to the stored one.
  const increments = Object.fromEntries(
    ROLLUP_COUNTERS.map((name) => [name, sql`${sql.identifier(name)} + excluded.${sql.identifier(name)}`]),
  ) as Record<(typeof ROLLUP_COUNTERS)[number], SQL>;
  const upsert = renderedRows<NewApiRequestRollup>('sqlite: api_request_rollups upsert', ROLLUP_KEYS, (rows) =>
    client.insert(rollups).values(rows).onConflictDoUpdate({ target: rollups.id, set: increments }).toSQL(),
  );
  return {
    cheapDistinctStatements: true,
    indexesHoldId: false,
    affectedRows: changes,
    // SQLite's default BINARY collation already compares bytes, trailing spaces included.
    exactEquals: (column, value) => sql`${column} = ${value}`,
    exactGroupKey: (column) => sql`${column}`,
    shortGroupKeys: (id) => [sql`${id}`],
    // better-sqlite3 binds JS numbers as REAL, so `a / n` could divide as floating point: truncate explicitly.
    intDiv: (column, divisor) => sql<number>`CAST(${column} / ${sql.raw(String(Math.trunc(divisor)))} AS INTEGER)`,
    modelKeyOf,
    // Grouped by the model itself (BINARY collation: equal means the same bytes), hashed once per group: SQLite
    // evaluates a bare expression of the grouped column once per group, the function per row cost ~2 us.
    modelGroup: (column) => ({ key: modelKeyOf(column), groupBy: [sql`${column}`] }),
    async upsertSystemConfig(row, updateDescription) {
      const set = updateDescription
        ? { value: row.value, description: row.description ?? null, updated_at: row.updated_at }
        : { value: row.value, updated_at: row.updated_at };
      await client.insert(systemConfig).values(row).onConflictDoUpdate({ target: systemConfig.key, set });
    },
    async deleteApiRequestsBefore(cutoff, limit) {
      // SQLite is usually built without DELETE ... LIMIT; a rowid subquery gives the same bounded delete.
      const oldest = client
        .select({ rowid: sql`rowid` })
        .from(apiRequests)
        .where(and(lt(apiRequests.created_at, cutoff), eq(apiRequests.rolled_up, true)))
        .limit(limit);
      return changes(await client.delete(apiRequests).where(inArray(sql`rowid`, oldest)));
    },
    async deleteRollupsBefore(cutoff, limit) {
      const oldest = client
        .select({ rowid: sql`rowid` })
        .from(rollups)
        .where(wholePeriodBefore(rollups, cutoff))
        .limit(limit);
      return changes(await client.delete(rollups).where(inArray(sql`rowid`, oldest)));
    },
    async addToRollups(delta) {
      for (const chunk of fixedChunks(delta.models, ROWS_PER_STATEMENT)) {
        await client.insert(models).values(chunk).onConflictDoNothing({ target: models.id });
      }
      // Powers of two: a handful of distinct texts to render and prepare, whatever the batch.
      for (const chunk of powerOfTwoChunks(delta.rollups, ROWS_PER_STATEMENT)) {
        await executor.run(upsert.text(chunk.length), upsert.params(chunk));
      }
    },
  };
}
