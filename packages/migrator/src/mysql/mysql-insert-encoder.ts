/**
 * Encodes canonical values as MySQL literals for multi-row INSERTs. Text goes as a utf8mb4 string literal with the
 * escapes mysql2 itself uses (NUL, quotes, backslash, control characters), so every byte arrives as it was; BIGINTs
 * as exact decimals; doubles in JavaScript's shortest round-trip form.
 */
import type { CanonicalValue } from '../value-codec.js';

const ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  '"': '\\"',
  "'": "\\'",
  '\\': '\\\\',
};
const NEEDS_ESCAPE = /[\0\b\t\n\r\x1a"'\\]/g;

export function encodeMysqlString(value: string): string {
  return `'${value.replace(NEEDS_ESCAPE, (c) => ESCAPES[c] ?? c)}'`;
}

export function encodeMysqlValue(value: CanonicalValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'string') return encodeMysqlString(value);
  if (typeof value === 'bigint') return value.toString();
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
