/** What every row generator shares: the seeded PRNG, the timeline, the text pool and the row counts. */
import type { LegacyTableName } from '@gateway-db/schema';
import type { LegacyRow } from './legacy-database.js';
import { legacyTableDefinition } from './legacy-schema.js';
import type { TextPool } from './legacy-values.js';
import type { Prng } from './prng.js';
import type { RowPlacement, Timeline } from './timeline.js';

export interface PlacedRow extends RowPlacement {
  readonly row: LegacyRow;
}

export interface RowContext {
  readonly prng: Prng;
  readonly timeline: Timeline;
  readonly textPool: TextPool;
  /** Approximate size of an api_requests request_body; responses are about a third of it. */
  readonly bodyBytes: number;
  readonly counts: Readonly<Record<LegacyTableName, number>>;
}

/** Rows of `table` in insertion order, each with the build that writes it; a fresh PRNG stream per table. */
export function place(
  ctx: RowContext,
  table: LegacyTableName,
  make: (prng: Prng, i: number, at: RowPlacement) => LegacyRow,
) {
  const prng = ctx.prng.fork(table);
  const count = ctx.counts[table];
  const placer = ctx.timeline.placer(count, legacyTableDefinition(table).since, prng);
  function* rows(): Generator<PlacedRow> {
    for (let i = 0; i < count; i++) {
      const at = placer(i);
      yield { ...at, row: make(prng, i, at) };
    }
  }
  return rows;
}

export const pickOr = <T>(prng: Prng, items: readonly T[], fallback: T): T =>
  items.length ? prng.pick(items) : fallback;
export const flag = (prng: Prng, probabilityOfOne: number): number => (prng.chance(probabilityOfOne) ? 1 : 0);
