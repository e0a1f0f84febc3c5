/**
 * Decodes a raw driver row (an object keyed by column name) with Drizzle's own column mappers, for the statements
 * gateway-db runs on the driver directly (hot lookups): the same values a Drizzle select would return.
 */
import { Column, getTableColumns, type Table } from 'drizzle-orm';

type Decoder<TRow> = (raw: Record<string, unknown>) => TRow;

/** Drizzle's base mapper returns the value as it is; columns that keep it need no call per row. */
const identity = Column.prototype.mapFromDriverValue;

export function rowDecoder<TRow>(table: Table): Decoder<TRow> {
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>);
  // The raw row is a fresh object per call: when every property is already named as the row type wants it (our
  // tables use the column names as keys), it is decoded in place and only the columns that need a mapper are
  // touched: on SQLite just the flags, on MySQL the flags and the VARBINARY keys. That keeps the hot path cheap.
  if (columns.every(([key, column]) => key === column.name)) {
    const mapped = columns.map(([, column]) => column).filter((column) => column.mapFromDriverValue !== identity);
    return (raw) => {
      for (const column of mapped) {
        const value = raw[column.name];
        if (value !== null && value !== undefined) raw[column.name] = column.mapFromDriverValue(value);
      }
      return raw as TRow;
    };
  }
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as TRow;
  };
}
