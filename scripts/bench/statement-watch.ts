/**
 * How long each SQLite statement held the thread that runs it, taken inside better-sqlite3's synchronous calls
 * (Statement#run/get/all, which gateway-db's main connection uses for every statement, BEGIN and COMMIT included).
 * The read worker loads its own copy of the driver in its own thread, so its reads are not counted: they do not
 * hold the gateway's event loop. Benchmark instrumentation only: the driver is patched on the first `start()`, and
 * the patch only records between `start()` and `stop()`.
 */
import { shapeOf } from '@gateway-db/core/dialect/query-events.js';
import Database from 'better-sqlite3';

export const LONG_STATEMENT_MS = 50;

interface Watched {
  longestMs: number;
  longestSource: string;
  overLimit: number;
  seen: number;
}

/** The run being recorded; undefined while nothing watches. */
let active: Watched | undefined;
let patched = false;

function record(source: string, ms: number): void {
  if (!active) return;
  active.seen++;
  if (ms > LONG_STATEMENT_MS) active.overLimit++;
  if (ms > active.longestMs) {
    active.longestMs = ms;
    active.longestSource = source;
  }
}

function patchDriver(): void {
  if (patched) return;
  patched = true;
  const probe = new Database(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all'] as const) {
    const original = prototype[method] as (this: { source: string }, ...args: unknown[]) => unknown;
    prototype[method] = function timed(this: { source: string }, ...args: unknown[]) {
      if (!active) return original.apply(this, args);
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        record(this.source, performance.now() - started);
      }
    };
  }
}

export class StatementWatch {
  start(): void {
    patchDriver();
    active = { longestMs: 0, longestSource: '', overLimit: 0, seen: 0 };
  }

  /** The run's longest statement (its kind and first table, never its text), and how many took over the limit. */
  stop(): { longestMs: number; longestWhat: string; overLimit: number; seen: number } {
    const run = active ?? { longestMs: 0, longestSource: '', overLimit: 0, seen: 0 };
    active = undefined;
    const { kind, table } = shapeOf(run.longestSource);
    return {
      longestMs: run.longestMs,
      longestWhat: table ? `${kind} ${table}` : kind,
      overLimit: run.overLimit,
      seen: run.seen,
    };
  }
}
