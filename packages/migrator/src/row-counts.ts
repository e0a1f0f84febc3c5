/** How many rows a table holds, and whether it holds any: typed Drizzle queries off the bulk path. */
import { count, sql } from 'drizzle-orm';
import type { TablePlan } from './plan.js';
import type { StoreClient } from './store-client.js';

export async function countRows(client: StoreClient, plan: TablePlan): Promise<number> {
  const [row] = await client.select({ from: plan.table, fields: { rows: count() } });
  return Number(row?.rows ?? 0);
}

/** One row at most is read, however large the table. */
export async function hasRows(client: StoreClient, plan: TablePlan): Promise<boolean> {
  const rows = await client.select({ from: plan.table, fields: { one: sql`1` }, limit: 1 });
  return rows.length > 0;
}
