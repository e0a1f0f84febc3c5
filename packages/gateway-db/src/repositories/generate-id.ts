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

const RANDOM_CHARS = ID_LENGTH - TIME_CHARS;

/** The last log id made in this process (its time, and its 13 random base-64 digits): the next ones continue. */
let lastTime = -1;
const lastDigits = new Uint8Array(RANDOM_CHARS);

function freshDigits(): void {
  const bytes = takeRandomBytes(RANDOM_CHARS);
  for (let i = 0; i < RANDOM_CHARS; i++) lastDigits[i] = (bytes[i] ?? 0) & 63;
}

/**
 * Adds a random step of 1 to 2^24 to the digits (so ids of one millisecond stay ordered but do not give each
 * other away); false when the 78 bits overflow (after ~2^54 ids in one millisecond: never in practice).
 */
function stepDigits(): boolean {
  const bytes = takeRandomBytes(3);
  let carry = (((bytes[0] ?? 0) << 16) | ((bytes[1] ?? 0) << 8) | (bytes[2] ?? 0)) + 1;
  for (let i = RANDOM_CHARS - 1; i >= 0 && carry > 0; i--) {
    const sum = (lastDigits[i] ?? 0) + (carry & 63);
    lastDigits[i] = sum & 63;
    carry = Math.floor(carry / 64) + (sum >> 6);
  }
  return carry === 0;
}

/**
 * An id of the same shape (21 characters of nanoid's alphabet) that starts with the time: 8 characters of ms
 * since the epoch, then 78 bits that are random for the first id of a millisecond and step up by a random amount
 * for the next ones made in the same millisecond (a burst of log rows is created within one ms, and random order
 * inside it split InnoDB's last page in the middle: half-empty pages, rows moved and logged twice). So each flush
 * appends at the right edge of the primary key (InnoDB's clustered index, SQLite's id index) instead of touching
 * a random page per row.
 */
export function generateTimeOrderedId(now = Date.now()): string {
  const time = Math.max(0, Math.floor(now));
  // Past the top: start afresh, only that id is out of order.
  if (time !== lastTime || !stepDigits()) freshDigits();
  lastTime = time;
  let id = '';
  let rest = time;
  for (let i = 0; i < TIME_CHARS; i++) {
    id = SORTED_ALPHABET.charAt(rest % 64) + id;
    rest = Math.floor(rest / 64);
  }
  for (const digit of lastDigits) id += SORTED_ALPHABET.charAt(digit);
  return id;
}

export function generateId(): string {
  let id = '';
  // The alphabet has 64 letters, so `& 63` maps each byte without bias.
  for (const byte of takeRandomBytes(ID_LENGTH)) id += ALPHABET.charAt(byte & 63);
  return id;
}
