/// <reference lib="es2024.string" />
/**
 * Lone UTF-16 surrogates (half of an emoji, e.g. from text cut at the wrong index) are not Unicode and UTF-8
 * cannot hold them. The drivers would silently change them, and differently (better-sqlite3 writes ED A0 80,
 * mysql2 sends U+FFFD), so a stored value would come back different and a lookup could match another value.
 * Both executors therefore refuse such a parameter before it reaches the driver, the same way on both dialects.
 */
import { GatewayDbError } from '../errors.js';
import { onTable, statementTable } from './driver-error.js';
import type { SqlValue } from './sql-executor.js';

export function loneSurrogateError(where: string): GatewayDbError {
  return new GatewayDbError({
    code: 'DATA_DOES_NOT_FIT',
    message: `${where} holds a lone UTF-16 surrogate, which UTF-8 cannot store: repair the text (e.g. an emoji cut in half)`,
  });
}

/** Throws DATA_DOES_NOT_FIT when a string parameter is not well-formed UTF-16 (the message never quotes it). */
export function assertWellFormedParams(params: readonly SqlValue[], sql: string): void {
  for (let i = 0; i < params.length; i++) {
    const value = params[i];
    // isWellFormed is native and about 6x faster than a /\p{Surrogate}/u scan on 4 KB bodies.
    if (typeof value === 'string' && !value.isWellFormed()) {
      throw loneSurrogateError(`Parameter ${i + 1} of a statement${onTable(statementTable(sql))}`);
    }
  }
}

/** True when a string value is not well-formed UTF-16. */
export function hasLoneSurrogate(value: SqlValue): boolean {
  return typeof value === 'string' && !value.isWellFormed();
}
