/**
 * A whole row built in JS from what a caller gave, for the log tables whose `create` must not read the row back
 * (api_requests never touches the database at all; expert_routing_logs rows carry megabytes of chat history).
 */
import type { ColumnSpec, TableSpec } from '@gateway-db/schema';

/** Every column of the table: the given value, else the schema's default, else NULL (as an INSERT would). */
export function completeRow<TRow>(spec: TableSpec, given: Record<string, unknown>): TRow {
  const columns: Record<string, ColumnSpec> = spec.columns;
  const row: Record<string, unknown> = {};
  for (const [name, column] of Object.entries(columns)) {
    const value = given[name];
    // An explicit null stays null; only an absent value takes the default.
    row[name] = value !== undefined ? value : (column.default ?? null);
  }
  return row as TRow;
}
