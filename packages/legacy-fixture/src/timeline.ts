/**
 * When each build ran and when each row was written. A file upgraded step by step got its oldest rows from S1:
 * those rows were inserted before later ALTERs added columns, so they read back with the column defaults.
 */
import { isAtLeast, type LegacyVersion } from './legacy-schema.js';
import type { Prng } from './prng.js';

const DAY_MS = 86_400_000;

export interface RowPlacement {
  /** The build that inserted the row. */
  readonly build: LegacyVersion;
  readonly createdAt: number;
}

export class Timeline {
  readonly start: number;
  private readonly windowMs: number;

  constructor(
    readonly builds: readonly LegacyVersion[],
    readonly end: number,
    days = 30,
  ) {
    this.start = end - days * DAY_MS;
    this.windowMs = Math.floor((end - this.start) / builds.length);
  }

  /** When `build` booted: the start of its window. */
  bootTime(build: LegacyVersion): number {
    return this.start + this.builds.indexOf(build) * this.windowMs;
  }

  /** The builds that could insert into a table born in `since`. */
  eligibleBuilds(since: LegacyVersion): LegacyVersion[] {
    return this.builds.filter((build) => isAtLeast(build, since));
  }

  /**
   * Spreads `count` rows of a table born in `since` over the eligible builds' windows, oldest first, with
   * increasing 13-digit ms timestamps. Returns a function so the 100,000-row table need not be materialized.
   */
  placer(count: number, since: LegacyVersion, prng: Prng): (index: number) => RowPlacement {
    const eligible = this.eligibleBuilds(since);
    const slots = Math.max(eligible.length, 1);
    return (index) => {
      const slot = Math.min(Math.floor((index * slots) / count), slots - 1);
      const build = eligible[slot] ?? this.lastBuild;
      const first = Math.ceil((slot * count) / slots);
      const inSlot = Math.max(Math.ceil(((slot + 1) * count) / slots) - first, 1);
      const offset = ((index - first + prng.next()) / inSlot) * (this.windowMs - 60_000);
      return { build, createdAt: this.bootTime(build) + 60_000 + Math.floor(offset) };
    };
  }

  get lastBuild(): LegacyVersion {
    const last = this.builds[this.builds.length - 1];
    if (!last) throw new Error('a timeline needs at least one build');
    return last;
  }

  /** An update some time after `createdAt`, never after the end of the timeline. */
  updatedAfter(createdAt: number, prng: Prng): number {
    return createdAt + Math.floor(prng.next() * Math.min(this.end - createdAt, 3 * DAY_MS));
  }
}
