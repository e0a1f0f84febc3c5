/**
 * Encodes canonical values as MySQL literals for multi-row INSERTs. Text goes as a utf8mb4 string literal in single
 * quotes, escaping exactly what such a literal cannot hold raw (the quote, the backslash: our sessions never set
 * NO_BACKSLASH_ESCAPES) and NUL; every other byte, `"` and newlines included, arrives as it was. Escaping only
 * those keeps JSON bodies (full of `"`) cheap to encode. BIGINTs go as exact decimals, doubles in JavaScript's
 * shortest round-trip form.
 */
import type { CanonicalValue } from '../value-codec.js';

const ESCAPES: Record<string, string> = { '\0': '\\0', "'": "\\'", '\\': '\\\\' };
const NEEDS_ESCAPE = /[\0'\\]/g;

function encodeMysqlString(value: string): string {
  return `'${value.replace(NEEDS_ESCAPE, (c) => ESCAPES[c] ?? c)}'`;
}

export function encodeMysqlValue(value: CanonicalValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return encodeMysqlString(value);
  if (typeof value === 'bigint') return value.toString();
  // Never produced for MySQL (its limits say it does not keep text bytes): a bug, not data to write differently.
  if (Buffer.isBuffer(value)) throw new Error('text bytes that are not UTF-8 cannot be written to MySQL as they are');
  return Object.is(value, -0) ? '-0e0' : String(value);
}

/** `(v1,v2,...)` for one row. */
export function encodeMysqlTuple(row: readonly CanonicalValue[]): string {
  let out = '(';
  for (let i = 0; i < row.length; i++) {
    if (i > 0) out += ',';
    out += encodeMysqlValue(row[i] ?? null);
  }
  return `${out})`;
}
