/**
 * The id range reads add to a rollup part holds exactly the rollup rows of the span (ids compared as bytes, as
 * both databases compare them), and is only offered where that holds: period starts of 13 digits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RollupSource, rollupDelta, rollupIdRange, rollupIdSpans } from '../../src/rollups/rollup-delta.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const sourceRow = (created_at: number): RollupSource => ({
  created_at,
  virtual_key_id: 'vk',
  provider_id: 'p',
  model: 'm',
  status: 'success',
  prompt_tokens: 1,
  completion_tokens: 1,
  total_tokens: 2,
  cache_hit: false,
  response_time: 10,
});
const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

describe('rollupIdRange', () => {
  it('holds a rollup row exactly when its period starts inside the span', () => {
    const time = fc.integer({ min: 1e12, max: 1e13 - 2 * DAY });
    fc.assert(
      fc.property(time, time, time, (createdAt, a, b) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const [row] = rollupDelta([sourceRow(createdAt)], 'writer-1').rollups.filter(
          (rollup) => rollup.period_ms === HOUR,
        );
        if (!row) throw new Error('no hourly rollup row');
        const ids = rollupIdRange(HOUR, { from, to });
        if (!ids) return from >= to;
        const inIds = byteOrder(row.id, ids.from) >= 0 && byteOrder(row.id, ids.to) < 0;
        return inIds === (row.period_start >= from && row.period_start < to);
      }),
      { numRuns: 2_000 },
    );
  });

  it('offers no range where id order and number order differ', () => {
    expect(rollupIdRange(HOUR, { from: 0, to: 2 * HOUR })).toBeUndefined();
    expect(rollupIdRange(DAY, { from: 999_999_999_999, to: 1e12 + DAY })).toBeUndefined();
    expect(rollupIdRange(DAY, { from: 9_999_999_000_000, to: 1e13 })).toBeUndefined();
    expect(rollupIdRange(12_345, { from: 1e12, to: 1e12 + DAY })).toBeUndefined();
    expect(rollupIdRange(DAY, { from: 1_760_000_000_000, to: 1_760_086_400_000 })).toEqual({
      from: 'd1760000000000',
      to: 'd1760086400000',
    });
  });

  it('rollupIdSpans cuts any span into pieces that cover it exactly, id ranges only where they hold', () => {
    const bound = fc.oneof(
      fc.integer({ min: -1e15, max: 1e15 }),
      fc.constantFrom(1e12 - 1, 1e12, 1e12 + 1, 1e13 - 2, 1e13 - 1, 1e13, 1e13 + 1),
    );
    fc.assert(
      fc.property(bound, bound, (a, b) => {
        const span = { from: Math.min(a, b), to: Math.max(a, b) };
        const pieces = rollupIdSpans(DAY, span);
        if (span.from === span.to) return pieces.length === 1;
        // Consecutive, non-empty, from span.from to span.to.
        let at = span.from;
        for (const { span: piece, ids } of pieces) {
          if (piece.from !== at || piece.to <= piece.from) return false;
          if (ids !== undefined && (piece.from < 1e12 || piece.to >= 1e13)) return false;
          at = piece.to;
        }
        return at === span.to;
      }),
      { numRuns: 2_000 },
    );
    expect(rollupIdSpans(DAY, { from: -8.64e15, to: 8.64e15 }).map((piece) => piece.ids !== undefined)).toEqual([
      false,
      true,
      false,
    ]);
  });
});
