/**
 * Turns raw driver rows into the schema's row types, driven by the column kinds of the table spec, so both
 * dialects return exactly the same values: flags as booleans (NULL stays null), numbers as numbers (MySQL may
 * hand back BIGINT/DECIMAL as strings), keys as strings (MySQL VARBINARY comes back as a Buffer).
 */
import type { ColumnKind, ColumnSpec, TableSpec } from '@gateway-db/schema';
import type { RawRow } from './sql-executor.js';

const decodeFlag = (value: unknown): unknown => (value === null ? null : Number(value) !== 0);
const decodeNumber = (value: unknown): unknown => (value === null || typeof value === 'number' ? value : Number(value));
const decodeText = (value: unknown): unknown =>
  value === null || typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : String(value);

const DECODERS: Record<ColumnKind, (value: unknown) => unknown> = {
  flag: decodeFlag,
  integer: decodeNumber,
  timestamp: decodeNumber,
  duration: decodeNumber,
  key: decodeText,
  text: decodeText,
  label: decodeText,
};

/** A decoder for full rows of one table: only the columns present in the raw row are decoded. */
export function rowDecoder<TRow>(spec: TableSpec): (raw: RawRow) => TRow {
  // One decoder function per column, chosen once: this runs for every row of every query.
  const columns = (Object.entries(spec.columns) as [string, ColumnSpec][]).map(
    ([name, column]) => [name, DECODERS[column.kind]] as const,
  );
  return (raw) => {
    const row: Record<string, unknown> = {};
    for (const [name, decode] of columns) {
      const value = raw[name];
      if (value !== undefined) row[name] = decode(value);
    }
    return row as TRow;
  };
}

/** Decodes one aggregate or computed value as a number (MySQL returns SUM/AVG as DECIMAL strings). */
export function toNumber(value: unknown, fallback = 0): number {
  if (value === null || value === undefined) return fallback;
  const n = typeof value === 'number' ? value : Number(Buffer.isBuffer(value) ? value.toString() : value);
  return Number.isFinite(n) ? n : fallback;
}

/** Decodes a key or text value that may arrive as a Buffer (MySQL VARBINARY) into a string. */
export function toText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}
