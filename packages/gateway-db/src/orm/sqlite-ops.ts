/** The dialect differences on SQLite (see DialectOps). */
import { inArray, lt, sql } from 'drizzle-orm';
import type { DialectOps } from './dialect-ops.js';
import type { SqliteOrm } from './gateway-orm.js';

export function sqliteOps({ client, tables }: SqliteOrm): DialectOps {
  const { systemConfig, apiRequests } = tables;
  return {
    cheapDistinctStatements: true,
    affectedRows: (result) => Number((result as { changes?: unknown } | undefined)?.changes ?? 0),
    // SQLite's default BINARY collation already compares bytes, trailing spaces included.
    exactEquals: (column, value) => sql`${column} = ${value}`,
    exactGroupKey: (column) => sql`${column}`,
    // better-sqlite3 binds JS numbers as REAL, so `a / n` could divide as floating point: truncate explicitly.
    intDiv: (column, divisor) => sql<number>`CAST(${column} / ${sql.raw(String(Math.trunc(divisor)))} AS INTEGER)`,
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
        .where(lt(apiRequests.created_at, cutoff))
        .limit(limit);
      const result = await client.delete(apiRequests).where(inArray(sql`rowid`, oldest));
      return Number((result as { changes?: unknown }).changes ?? 0);
    },
  };
}
