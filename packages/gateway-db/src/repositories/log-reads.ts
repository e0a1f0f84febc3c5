/**
 * Where the log reads run. The request logs may live in a store of their own (LOG_DB_URL) while the keys and
 * providers they name stay in the main store, so a dashboard never joins the two: it reads the few names and
 * `disable_logging` flags it needs from the main store first (they are small), then the logs.
 */
import { eq, inArray } from 'drizzle-orm';
import type { OrmContext } from '../orm/orm-context.js';
import { fixedChunks } from '../orm/statement-chunks.js';

export interface LogReads {
  /** The store of api_requests, expert_routing_logs and the rollups. */
  readonly logs: OrmContext;
  /** The store of virtual_keys and providers (the same one as `logs` unless LOG_DB_URL is set). */
  readonly config: OrmContext;
}

/** The ids of the keys whose owner asked for no logging: their requests are left out of every statistic. */
export async function silencedKeyIds({ client, tables: { virtualKeys: k } }: OrmContext): Promise<string[]> {
  const rows = await client.select({ id: k.id }).from(k).where(eq(k.disable_logging, true));
  return rows.map((row) => row.id);
}

/** Ids per `IN (...)` list. */
const IDS_PER_LOOKUP = 500;

/** Names by id from a table with `id` and `name` (keys, providers), for the ids that still exist. */
async function namesById(
  { client }: OrmContext,
  table: OrmContext['tables']['virtualKeys'] | OrmContext['tables']['providers'],
  ids: readonly string[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const chunk of fixedChunks([...new Set(ids)], IDS_PER_LOOKUP)) {
    const rows = await client.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, chunk));
    for (const row of rows) names.set(row.id, row.name);
  }
  return names;
}

export const keyNames = (ctx: OrmContext, ids: readonly string[]) => namesById(ctx, ctx.tables.virtualKeys, ids);

export const providerNames = (ctx: OrmContext, ids: readonly string[]) => namesById(ctx, ctx.tables.providers, ids);
