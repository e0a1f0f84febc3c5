/**
 * Row ids in the legacy format: 21 characters of `A-Za-z0-9_-` (nanoid's alphabet, 126 bits of randomness).
 * Random bytes are drawn from node:crypto in pools, because `apiRequests.create` calls this on every request.
 */
import { randomFillSync } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
export const ID_LENGTH = 21;
const POOL_IDS = 128;

let pool = Buffer.alloc(0);
let poolOffset = 0;

function takeRandomBytes(count: number): Buffer {
  if (poolOffset + count > pool.length) {
    pool = Buffer.allocUnsafe(count * POOL_IDS);
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

/** nanoid's 64 letters in ASCII order, so that text order (SQLite BINARY, MySQL VARBINARY) is numeric order. */
const SORTED_ALPHABET = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
const TIME_CHARS = 8; // 48 bits of milliseconds: good until the year 10889

/**
 * An id of the same shape (21 characters of nanoid's alphabet) that starts with the time: 8 characters of ms
 * since the epoch, then 78 random bits. Log rows get these, so each flush appends at the right edge of the
 * primary key (InnoDB's clustered index, SQLite's id index) instead of touching a random page per row: fewer
 * pages written per flush, no page splits all over the index.
 */
export function generateTimeOrderedId(now = Date.now()): string {
  let time = '';
  let rest = Math.max(0, Math.floor(now));
  for (let i = 0; i < TIME_CHARS; i++) {
    time = SORTED_ALPHABET.charAt(rest % 64) + time;
    rest = Math.floor(rest / 64);
  }
  let random = '';
  for (const byte of takeRandomBytes(ID_LENGTH - TIME_CHARS)) random += SORTED_ALPHABET.charAt(byte & 63);
  return time + random;
}

export function generateId(): string {
  let id = '';
  // The alphabet has 64 letters, so `& 63` maps each byte without bias.
  for (const byte of takeRandomBytes(ID_LENGTH)) id += ALPHABET.charAt(byte & 63);
  return id;
}
