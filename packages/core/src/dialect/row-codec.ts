/**
 * Decoding of computed values (aggregates, byte-exact group keys) that Drizzle hands back as the driver gave them:
 * MySQL returns SUM/AVG as DECIMAL strings or numbers and `CAST(x AS BINARY)` as a Buffer; SQLite numbers and text.
 */

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
