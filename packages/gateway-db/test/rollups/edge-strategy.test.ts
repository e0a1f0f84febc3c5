/**
 * Which way an edge of a dashboard range is read (both ways are exact: rollup-reads.test.ts): the side with less
 * time up to now is scanned. A range ending now never scans the current hour's rows.
 */
import { describe, expect, it } from 'vitest';
import { edgeStrategy } from '../../src/rollups/range-plan.js';

const HOUR = 3_600_000;
const MIN = 60_000;
const hour = Date.UTC(2026, 10, 29, 10);

describe('edgeStrategy', () => {
  it('reads raw rows until the backfill is complete', () => {
    expect(edgeStrategy({ from: hour, to: hour + 59 * MIN }, false, hour + 2 * HOUR)).toBe('raw');
  });

  it('scans the shorter side of a past hour: at most half an hour of rows', () => {
    const past = hour + 5 * HOUR;
    expect(edgeStrategy({ from: hour + 10 * MIN, to: hour + HOUR }, true, past)).toBe('subtract');
    expect(edgeStrategy({ from: hour + 40 * MIN, to: hour + HOUR }, true, past)).toBe('raw');
    expect(edgeStrategy({ from: hour, to: hour + 20 * MIN }, true, past)).toBe('raw');
    expect(edgeStrategy({ from: hour, to: hour + 45 * MIN }, true, past)).toBe('subtract');
    expect(edgeStrategy({ from: hour, to: hour + 30 * MIN }, true, past)).toBe('raw');
  });

  it('reads an edge ending now from its rollup, wherever now is in the hour', () => {
    for (const minutes of [1, 10, 29, 31, 59]) {
      const now = hour + minutes * MIN;
      expect(edgeStrategy({ from: hour, to: now + 1 }, true, now)).toBe('subtract');
    }
  });

  it('counts time after now as empty on either side', () => {
    // A range starting in the current hour: the rows before its start are what a subtraction would scan.
    const now = hour + 20 * MIN;
    expect(edgeStrategy({ from: hour + 15 * MIN, to: hour + HOUR }, true, now)).toBe('raw');
    expect(edgeStrategy({ from: hour + 2 * MIN, to: hour + HOUR }, true, now)).toBe('subtract');
  });
});
