/**
 * A multi-row INSERT that runs on every log flush (the api_requests rows, their rollup upsert), rendered by Drizzle ONCE per row count with a placeholder per
 * value, then run as text with the rows' values bound positionally. Building it per flush cost more than running
 * it: for ~300 rollup rows x 18 columns Drizzle's builder took 20-40 ms of the event loop per flush on SQLite
 * (mostly its per-value type checks), next to ~10 ms of SQL. Same idea as the hot lookups (hot-lookup.ts).
 */
import type { SqlValue } from '@gateway-db/core/dialect/sql-executor.js';
import { Param, Placeholder, sql } from 'drizzle-orm';

export interface RenderedRows<Row> {
  /** The statement's text for `count` rows (rendered at the first use of that count). */
  text(count: number): string;
  /** The rows' values in bind order. */
  params(rows: readonly Row[]): SqlValue[];
}

/**
 * Rendered texts by statement and row count, for the whole process: contexts are created per transaction, and
 * the text depends only on the dialect and the count (`what` names both).
 */
const renderedTexts = new Map<string, Map<number, string>>();

export function renderedRows<Row extends object>(
  what: string,
  keys: readonly (keyof Row & string)[],
  render: (rows: { [K in keyof Row]-?: Placeholder }[]) => { sql: string; params: unknown[] },
): RenderedRows<Row> {
  let byCount = renderedTexts.get(what);
  if (byCount === undefined) {
    byCount = new Map<number, string>();
    renderedTexts.set(what, byCount);
  }
  const texts = byCount;
  const placeholders = Object.fromEntries(keys.map((key) => [key, sql.placeholder(key)])) as unknown as {
    [K in keyof Row]-?: Placeholder;
  };
  return {
    text(count) {
      let text = texts.get(count);
      if (text === undefined) {
        const rendered = render(new Array(count).fill(placeholders));
        assertBindOrder(what, keys, rendered.params, count);
        text = rendered.sql;
        texts.set(count, text);
      }
      return text;
    },
    params(rows) {
      const values: SqlValue[] = [];
      for (const row of rows) {
        for (const key of keys) {
          const value = (row as Record<string, unknown>)[key];
          values.push(typeof value === 'boolean' ? Number(value) : ((value ?? null) as SqlValue));
        }
      }
      return values;
    },
  };
}

/** The values are bound in `keys` order, row after row: Drizzle must render the placeholders the same way. */
function assertBindOrder(what: string, keys: readonly string[], params: readonly unknown[], count: number): void {
  const ok =
    params.length === keys.length * count &&
    params.every((param, i) => {
      const placeholder = param instanceof Param ? param.value : param;
      return placeholder instanceof Placeholder && placeholder.name === keys[i % keys.length];
    });
  if (!ok) throw new Error(`${what}: Drizzle binds the columns in an unexpected order`);
}
