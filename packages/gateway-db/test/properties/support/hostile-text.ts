/**
 * Text that tries to break a data layer: SQL fragments, LIKE wildcards, quotes and backslashes, NUL and control
 * characters, emoji, CJK, combining marks, look-alikes and invisible characters. Every value is well-formed
 * Unicode (lone surrogates have their own contract: see lone-surrogates.test.ts).
 */
import fc from 'fast-check';

export const SQL_LOOKING: readonly string[] = [
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  "' OR 1=1 --",
  '" OR ""="',
  '`; DROP TABLE `virtual_keys`; --',
  '`key`',
  '\\',
  "\\'",
  '\\0',
  '\\%',
  '%',
  '_',
  '%%',
  '_%',
  '%_',
  'a%',
  '[a-z]*',
  '.*',
  '?',
  '$1',
  ':id',
  '@id',
  '/*',
  '*/',
  '-- ',
  '#',
  ';',
  'NULL',
  '0x00',
  'CAST(? AS BINARY)',
  "')--",
  'ORDER BY 1',
];

export const UNICODE_SAMPLES: readonly string[] = [
  '😀',
  '👩‍👩‍👧‍👦',
  '🔑',
  '中文',
  '日本語',
  '한국어',
  'e\u0301',
  '\u00e9',
  '\u0000',
  '\u0001',
  '\u200b',
  '\ufeff',
  '\u0430', // Cyrillic a
  '\uff21', // fullwidth A
  '\u{10ffff}',
  '\ufffd',
  '\uffff',
  '\t',
  '\r\n',
  ' ',
  '\u00a0',
  '\u00df',
  '\u0130',
  '\ufb01',
  'A',
  'a',
];

const pieces = fc.constantFrom(...SQL_LOOKING, ...UNICODE_SAMPLES);

/** Any well-formed text, weighted towards the hostile pieces above; at most a few hundred UTF-8 bytes. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...SQL_LOOKING), weight: 2 },
  { arbitrary: fc.string({ unit: pieces, maxLength: 6 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 30 }), weight: 1 },
);

/**
 * Hostile text that fits any key column on both dialects (MySQL VARBINARY(255) for ids): at most 255 UTF-8
 * bytes.
 */
export const hostileKey: fc.Arbitrary<string> = hostileText.filter((text) => Buffer.byteLength(text) <= 255);

/** `count` distinct hostile keys. */
export function distinctKeys(min: number, max: number): fc.Arbitrary<string[]> {
  return fc.uniqueArray(hostileKey, { minLength: min, maxLength: max });
}

/**
 * Values close to `value` that are NOT it: other letter case, extra or missing spaces, other Unicode forms,
 * wildcards around it, a NUL appended. A byte-exact lookup must never treat one of these as `value`.
 */
export function nearMisses(value: string): string[] {
  const candidates = [
    value.toUpperCase(),
    value.toLowerCase(),
    `${value} `,
    ` ${value}`,
    `${value}\t`,
    `${value}\u0000`,
    `${value}\u200b`,
    value.trimEnd(),
    value.trim(),
    value.normalize('NFC'),
    value.normalize('NFD'),
    value.normalize('NFKC'),
    `${value}%`,
    `%${value}`,
    value.replace(/./u, '_'),
    '%',
    '_',
    value.slice(0, -1),
  ];
  return [...new Set(candidates)].filter((candidate) => candidate !== value && isWellFormedText(candidate));
}

/** False when the string holds a lone UTF-16 surrogate (which no UTF-8 database can store). */
export function isWellFormedText(text: string): boolean {
  return !/\p{Surrogate}/u.test(text);
}

/** The UTF-8 byte order both dialects sort keys in (JS `<` compares UTF-16 units, which differs above U+FFFF). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
