/**
 * The canonical form of a value, the same whichever store it came from: text columns as strings, integer columns
 * (flags included) as bigint, REAL/DOUBLE columns as a double, NULL as null. Which form a column takes comes from
 * its Drizzle columns (plan.ts). Normalising a raw driver value either gives that form exactly or says why it
 * cannot (never quoting the value).
 * One exception: text whose stored bytes are not UTF-8, bound for a store that keeps such bytes (SQLite), stays a
 * Buffer of those bytes (`TextBytes`), written back as TEXT with the same bytes.
 */
import { isUtf8 } from 'node:buffer';
import type { ValueKind } from './plan.js';

/** A text value's stored bytes, when they are not UTF-8 and the target keeps them as they are. */
export type TextBytes = Buffer;

export type CanonicalValue = string | bigint | number | null | TextBytes;

export type Normalized =
  | {
      readonly ok: true;
      readonly value: CanonicalValue;
      /**
       * The stored bytes were not UTF-8: `value` is the text the gateway read from them (each bad byte sequence
       * as U+FFFD, as sql.js and every UTF-8 decoder show them), not the bytes themselves.
       */
      readonly replaced?: true;
      /** The stored bytes were not UTF-8 and are kept as they are (`keepTextBytes`): `value` is a Buffer. */
      readonly kept?: true;
    }
  | { readonly ok: false; readonly reason: string };

const MAX_EXACT_DOUBLE = 2n ** 53n;

function ok(value: CanonicalValue): Normalized {
  return { ok: true, value };
}

function refuse(reason: string): Normalized {
  return { ok: false, reason };
}

/** The WHATWG decoder: each maximal bad byte sequence becomes one U+FFFD, as in browsers and sql.js. */
const asTheGatewayReadIt = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

function normalizeText(raw: unknown, keepTextBytes: boolean): Normalized {
  if (typeof raw === 'string') return ok(raw);
  // Bytes: MySQL VARBINARY, or a SQLite text value that is not valid UTF-8 (sqlite-reader.ts re-reads those).
  if (Buffer.isBuffer(raw)) {
    if (isUtf8(raw)) return ok(raw.toString('utf8'));
    // Into SQLite the bytes go as they are: the gateway reads them there exactly as it read the legacy file.
    if (keepTextBytes) return { ok: true, value: raw, kept: true };
    // The legacy logger cut bodies at 10,000 UTF-16 units, splitting emoji; sql.js stored the lone surrogate as
    // bytes that are not UTF-8 (e.g. ED A0 BD) and read them back as U+FFFD: that text is what is migrated.
    return { ok: true, value: asTheGatewayReadIt.decode(raw), replaced: true };
  }
  return refuse(
    `holds a ${typeof raw === 'bigint' || typeof raw === 'number' ? 'number' : typeof raw} where text is expected`,
  );
}

function normalizeInteger(raw: unknown): Normalized {
  if (typeof raw === 'bigint') return ok(raw);
  if (typeof raw === 'number') {
    if (!Number.isInteger(raw)) return refuse('holds a non-integral REAL in an integer column');
    if (!Number.isSafeInteger(raw)) return refuse('holds a REAL too large to be an exact integer');
    return ok(BigInt(raw));
  }
  // mysql2 returns a BIGINT beyond 2^53 as a decimal string (supportBigNumbers), so 64-bit values stay exact.
  if (typeof raw === 'string' && /^-?\d+$/.test(raw) && raw.length < 21) return ok(BigInt(raw));
  if (Buffer.isBuffer(raw)) return refuse('holds binary data in a numeric column');
  return refuse('holds text in a numeric column');
}

function normalizeReal(raw: unknown): Normalized {
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : refuse('holds a number that is not finite');
  if (typeof raw === 'bigint') {
    if (raw > MAX_EXACT_DOUBLE || raw < -MAX_EXACT_DOUBLE) return refuse('holds an integer too large for a DOUBLE');
    return ok(Number(raw));
  }
  if (Buffer.isBuffer(raw)) return refuse('holds binary data in a numeric column');
  return refuse('holds text in a numeric column');
}

/**
 * Raw driver value (better-sqlite3 with safeIntegers, or mysql2 with supportBigNumbers) -> canonical form.
 * `keepTextBytes`: the target keeps text bytes that are not UTF-8 (SQLite); else they become the text the gateway
 * read from them.
 */
/** How a canonical value reads in messages and as a chunk's first id: kept bytes as the gateway showed them. */
export function displayText(value: CanonicalValue): string {
  return Buffer.isBuffer(value) ? asTheGatewayReadIt.decode(value) : String(value);
}

export function normalizeValue(kind: ValueKind, raw: unknown, keepTextBytes = false): Normalized {
  if (raw === null || raw === undefined) return ok(null);
  switch (kind) {
    case 'text':
      return normalizeText(raw, keepTextBytes);
    case 'integer':
      return normalizeInteger(raw);
    case 'real':
      return normalizeReal(raw);
  }
}
