import { describe, expect, it } from 'vitest';
import { generateId, generateTimeOrderedId, ID_LENGTH } from '../src/repositories/generate-id.js';

const NANOID_SHAPE = /^[A-Za-z0-9_-]{21}$/;

describe('row ids', () => {
  it('makes random ids in the legacy nanoid shape', () => {
    const ids = Array.from({ length: 1000 }, generateId);
    for (const id of ids) expect(id).toMatch(NANOID_SHAPE);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('makes log ids of the same shape that sort by time as bytes', () => {
    const times = [0, 1, 63, 64, 1_700_000_000_000, 1_764_115_200_123, 1_764_115_200_124, 2 ** 47];
    const ids = times.map((t) => generateTimeOrderedId(t));
    for (const id of ids) expect(id).toMatch(NANOID_SHAPE);
    expect(ids[0]?.length).toBe(ID_LENGTH);
    const byBytes = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(byBytes).toEqual(ids);
  });

  it('keeps ids made in the same millisecond distinct', () => {
    const ids = Array.from({ length: 1000 }, () => generateTimeOrderedId(1_764_115_200_000));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(1);
  });

  it('orders ids made in the same millisecond as they were made, so a burst appends to the index', () => {
    const ids = Array.from({ length: 1000 }, () => generateTimeOrderedId(1_764_115_200_001));
    const byBytes = [...ids].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect(byBytes).toEqual(ids);
  });

  it('keeps the given time in the id when it goes back (a backdated row), instead of clamping it', () => {
    const later = generateTimeOrderedId(1_764_115_200_500);
    const earlier = generateTimeOrderedId(1_764_115_200_400);
    expect(Buffer.compare(Buffer.from(earlier), Buffer.from(later))).toBeLessThan(0);
    expect(earlier.slice(0, 8)).toBe(generateTimeOrderedId(1_764_115_200_400).slice(0, 8));
  });
});
