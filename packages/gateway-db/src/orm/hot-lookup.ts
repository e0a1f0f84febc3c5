/**
 * A lookup of one row by a unique column, on the path of every proxied request (key, model, provider). Drizzle
 * renders the statement ONCE (`toSQL()` with a placeholder); each call then runs it on the executor's cached
 * prepared statement and decodes with Drizzle's column mappers. Building the query per call cost 12x the bare
 * driver on SQLite and 2.6x on MySQL (../shared/design/orm-repositories.md). No LIMIT: on a unique column it is
 * not needed, and a bound LIMIT makes SQLite plan the lookup worse.
 */
import { type Column, eq, type InferSelectModel, sql } from 'drizzle-orm';
import type { OrmTable } from '#orm-dialect';
import type { OrmContext } from './orm-context.js';
import { rowDecoder } from './row-decoder.js';

/** The rendered text per column: the same for every context of a dialect (tables are module singletons). */
const renderedByColumn = new WeakMap<Column, string>();

export function hotLookup<TTable extends OrmTable>(
  ctx: OrmContext,
  table: TTable,
  uniqueColumn: Column,
): (value: string) => Promise<InferSelectModel<TTable> | undefined> {
  let text = renderedByColumn.get(uniqueColumn);
  if (text === undefined) {
    text = ctx.client
      .select()
      .from(table)
      .where(eq(uniqueColumn, sql.placeholder('value')))
      .toSQL().sql;
    renderedByColumn.set(uniqueColumn, text);
  }
  const get = ctx.executor.prepareGet(text, rowDecoder<InferSelectModel<TTable>>(table));
  return (value) => get([value]);
}
