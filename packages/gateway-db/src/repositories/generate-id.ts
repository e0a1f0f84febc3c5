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
const RANDOM_SPACE = 64n ** BigInt(RANDOM_CHARS); // 78 bits

/** The last log id made in this process: ids made in the same millisecond continue from it. */
let lastTime = -1;
let lastRandom = 0n;

function encode(value: bigint, chars: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < chars; i++) {
    text = SORTED_ALPHABET.charAt(Number(rest % 64n)) + text;
    rest /= 64n;
  }
  return text;
}

function freshRandom(): bigint {
  let value = 0n;
  for (const byte of takeRandomBytes(RANDOM_CHARS)) value = value * 64n + BigInt(byte & 63);
  return value;
}

/** A random step of 1 to 2^32: ids made in one millisecond stay ordered but are not guessable from each other. */
function randomStep(): bigint {
  const bytes = takeRandomBytes(4);
  return BigInt(bytes.readUInt32BE(0)) + 1n;
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
  let random = time === lastTime ? lastRandom + randomStep() : freshRandom();
  // Past the top after ~2^46 ids in one millisecond (never in practice): start afresh, only that id is out of order.
  if (random >= RANDOM_SPACE) random = freshRandom();
  lastTime = time;
  lastRandom = random;
  return encode(BigInt(time), TIME_CHARS) + encode(random, RANDOM_CHARS);
}

export function generateId(): string {
  let id = '';
  // The alphabet has 64 letters, so `& 63` maps each byte without bias.
  for (const byte of takeRandomBytes(ID_LENGTH)) id += ALPHABET.charAt(byte & 63);
  return id;
}
