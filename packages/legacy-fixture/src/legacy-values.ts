/** Values shaped like the ones real legacy files hold (spec, "Value formats seen in real files"). */
import { createCipheriv, createHash, pbkdf2Sync } from 'node:crypto';
import { nanoid, type Prng } from './prng.js';

const KEY_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
// Stands in for the gateway's ENCRYPTION_KEY: fixed, so provider api_key values are reproducible.
const FIXTURE_ENCRYPTION_KEY = createHash('sha256').update('gateway-db legacy fixture').digest();

/** `vk_` + 21 nanoid characters. */
export function virtualKeyValue(prng: Prng): string {
  return `vk_${nanoid(prng)}`;
}

/** A custom key an admin typed: 8-64 characters of `[A-Za-z0-9_-]`. */
export function customKeyValue(prng: Prng, length = prng.int(8, 64)): string {
  let key = '';
  for (let i = 0; i < length; i++) key += KEY_CHARS[prng.int(0, KEY_CHARS.length - 1)];
  return key;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** `<32 hex salt>:<64 hex>`. */
export function passwordHash(prng: Prng, password: string): string {
  const salt = prng.bytes(16).toString('hex');
  // Few iterations: the format matters here, not the cost.
  return `${salt}:${pbkdf2Sync(password, salt, 1000, 32, 'sha256').toString('hex')}`;
}

/** Provider api keys were stored AES-encrypted as `ivhex:cipherhex`. */
export function encryptedProviderKey(prng: Prng): string {
  const iv = prng.bytes(16);
  const cipher = createCipheriv('aes-256-cbc', FIXTURE_ENCRYPTION_KEY, iv);
  const secret = `sk-${customKeyValue(prng, 48)}`;
  return `${iv.toString('hex')}:${Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]).toString('hex')}`;
}

/** `pgw_` + 32 characters. */
export function portkeyApiKey(prng: Prng): string {
  return `pgw_${customKeyValue(prng, 32)}`;
}

/** The `model` values clients sent. */
export const MODEL_IDENTIFIERS = [
  'gpt-4o',
  'gpt-4o-mini',
  'deepseek-chat',
  'deepseek-reasoner',
  'claude-3-5-sonnet',
  'kimi-k2',
];

const WORDS = [
  'the',
  'request',
  'model',
  'gateway',
  'please',
  'explain',
  'function',
  'return',
  'value',
  'error',
  'table',
  'database',
  'migrate',
  'summary',
  'translate',
  'into',
  'English',
  'code',
  'review',
  'with',
  'for',
  'and',
  'of',
  'stream',
  'token',
  'latency',
  'cache',
  'provider',
  'answer',
  'question',
  'user',
  'assistant',
  'system',
  'prompt',
  '你好',
  '请',
  '解释',
  '这段',
  '代码',
  '数据库',
  '迁移',
  '模型',
  '网关',
  '谢谢',
  '中文',
  '回答',
  'こんにちは',
  '한국어',
];
const RARE_WORDS = ['😀', '🚀', '👍🏽', '🦊', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'naïve', 'Œuvre', 'façade'];

/** A block of prose that bodies are sliced from, and its average UTF-8 bytes per UTF-16 unit. */
export interface TextPool {
  readonly text: string;
  readonly bytesPerChar: number;
}

/**
 * Building every body word by word would dominate the time of a 100,000-row file, so bodies are slices of one
 * pool. Slices start and end at spaces, so a 4-byte emoji is never cut in half.
 */
export function createTextPool(prng: Prng, length = 1 << 20): TextPool {
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const word = prng.chance(0.01) ? prng.pick(RARE_WORDS) : prng.pick(WORDS);
    parts.push(word);
    size += word.length + 1;
  }
  const text = parts.join(' ');
  return { text, bytesPerChar: Buffer.byteLength(text) / text.length };
}

/** About `bytes` UTF-8 bytes of the pool, starting and ending on a word boundary. */
export function sliceText(prng: Prng, pool: TextPool, bytes: number): string {
  const { text } = pool;
  const wanted = Math.min(Math.max(Math.round(bytes / pool.bytesPerChar), 1), text.length - 64);
  const from = text.indexOf(' ', prng.int(0, text.length - wanted - 32)) + 1;
  const to = text.lastIndexOf(' ', from + wanted);
  return to > from ? text.slice(from, to) : text.slice(from, from + 1);
}
