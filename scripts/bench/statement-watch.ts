/**
 * How long each SQLite statement held the thread that runs it, taken inside better-sqlite3's synchronous calls
 * (Statement#run/get/all, which gateway-db's main connection uses for every statement, BEGIN and COMMIT included).
 * The read worker loads its own copy of the driver in its own thread, so its reads are not counted: they do not
 * hold the gateway's event loop. Benchmark instrumentation only: the patch stays off until `start()`.
 */
import Database from 'better-sqlite3';

export const LONG_STATEMENT_MS = 50;

const TABLE = /\b(?:from|into|update)\s+[`"]?([\w$]+)/i;

/** "delete api_requests": the statement's first word and the table it names first, never its values. */
function describe(source: string): string {
  const word = /^\s*(\w+)/.exec(source)?.[1]?.toLowerCase() ?? 'statement';
  const table = TABLE.exec(source)?.[1];
  return table ? `${word} ${table}` : word;
}

export class StatementWatch {
  private watching = false;
  private longestMs = 0;
  private longestSource = '';
  private overLimit = 0;
  private seen = 0;

  constructor() {
    const probe = new Database(':memory:');
    const prototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, unknown>;
    probe.close();
    for (const method of ['run', 'get', 'all'] as const) {
      const original = prototype[method] as (this: { source: string }, ...args: unknown[]) => unknown;
      if ((original as { watched?: boolean }).watched) continue;
      const watch = this;
      const timed = function (this: { source: string }, ...args: unknown[]) {
        if (!watch.watching) return original.apply(this, args);
        const started = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          watch.record(this.source, performance.now() - started);
        }
      };
      Object.assign(timed, { watched: true });
      prototype[method] = timed;
    }
  }

  private record(source: string, ms: number): void {
    this.seen++;
    if (ms > LONG_STATEMENT_MS) this.overLimit++;
    if (ms > this.longestMs) {
      this.longestMs = ms;
      this.longestSource = source;
    }
  }

  start(): void {
    this.watching = true;
    this.longestMs = 0;
    this.longestSource = '';
    this.overLimit = 0;
    this.seen = 0;
  }

  stop(): { longestMs: number; longestWhat: string; overLimit: number; seen: number } {
    this.watching = false;
    const longestWhat = describe(this.longestSource);
    return { longestMs: this.longestMs, longestWhat, overLimit: this.overLimit, seen: this.seen };
  }
}
