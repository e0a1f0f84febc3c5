import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHECKSUM_ALGORITHM, ChecksumBuilder, encodeRow } from '../src/checksum.js';
import { describeEndpoint, parseEndpoint } from '../src/endpoint.js';
import { encodeMysqlValue } from '../src/mysql/mysql-insert-encoder.js';
import { normalizeValue } from '../src/value-codec.js';

describe('canonical values', () => {
  it('keeps 64-bit integers exact and accepts an integral REAL in an integer column', () => {
    expect(normalizeValue('integer', 9_007_199_254_740_993n)).toEqual({ ok: true, value: 9_007_199_254_740_993n });
    expect(normalizeValue('integer', '9007199254740993')).toEqual({ ok: true, value: 9_007_199_254_740_993n });
    expect(normalizeValue('integer', 1_732_000_000_000)).toEqual({ ok: true, value: 1_732_000_000_000n });
  });

  it('refuses a non-integral REAL in an integer column and text in a numeric column; reads bytes that are not UTF-8 as U+FFFD', () => {
    expect(normalizeValue('integer', 7.5)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('non-integral REAL'),
    });
    expect(normalizeValue('integer', 'yesterday')).toMatchObject({
      ok: false,
      reason: 'holds text in a numeric column',
    });
    expect(normalizeValue('text', Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toEqual({
      ok: true,
      value: 'a\uFFFD\uFFFD\uFFFD',
      replaced: true,
    });
    expect(normalizeValue('real', 2n ** 60n)).toMatchObject({ ok: false });
  });

  it('keeps REAL durations and NULL flags', () => {
    expect(normalizeValue('real', 12.5)).toEqual({ ok: true, value: 12.5 });
    expect(normalizeValue('real', 120n)).toEqual({ ok: true, value: 120 });
    expect(normalizeValue('integer', null)).toEqual({ ok: true, value: null });
  });
});

describe('MySQL literals', () => {
  it('escapes NUL, the quote and the backslash, and keeps everything else (4-byte emoji, ", newlines) as it is', () => {
    expect(encodeMysqlValue('a\u0000b\'c"d\\e🎉\n')).toBe("'a\\0b\\'c\"d\\\\e🎉\n'");
    expect(encodeMysqlValue(9_223_372_036_854_775_807n)).toBe('9223372036854775807');
    expect(encodeMysqlValue(0.1)).toBe('0.1');
    expect(encodeMysqlValue(null)).toBe('NULL');
  });
});

describe('the checksum', () => {
  it('tells apart values that would concatenate to the same text', () => {
    expect(encodeRow(['ab', 'c'])).not.toBe(encodeRow(['a', 'bc']));
    expect(encodeRow([1n])).not.toBe(encodeRow(['1']));
    expect(encodeRow([1])).not.toBe(encodeRow([1n]));
    expect(encodeRow([null])).not.toBe(encodeRow(['']));
  });

  it('hashes streamed rows exactly like their canonical encoding', () => {
    const rows = [
      ['x🎉\u0000', 1n, 2.5, null],
      ['y', -3n, -0, 'z'],
    ] as const;
    const builder = new ChecksumBuilder(0);
    for (const row of rows) builder.add(row);
    const chunk = createHash(CHECKSUM_ALGORITHM)
      .update(rows.map((row) => encodeRow(row)).join(''))
      .digest('hex');
    expect(builder.finish()).toMatchObject({
      rows: 2,
      checksum: createHash(CHECKSUM_ALGORITHM).update(chunk).digest('hex'),
    });
  });
});

describe('endpoints', () => {
  it('never shows the MySQL password', () => {
    const endpoint = parseEndpoint('mysql://app:s3cr%3At@db.example:3307/gw');
    expect(endpoint).toMatchObject({
      dialect: 'mysql',
      mysql: { user: 'app', password: 's3cr:t', port: 3307, database: 'gw' },
    });
    expect(describeEndpoint(endpoint)).toBe('mysql://app@db.example:3307/gw');
  });

  it('reads sqlite:PATH and a bare path', () => {
    expect(parseEndpoint('sqlite:./data/gateway.db')).toMatchObject({ dialect: 'sqlite' });
    expect(() => parseEndpoint('postgres://x/y')).toThrow(/sqlite:PATH or mysql:/);
  });
});
