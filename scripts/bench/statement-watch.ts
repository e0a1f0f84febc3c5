/**
 * The longest statements gateway-db ran on the SQLite connection that holds the event loop, from its `onQuery`
 * events. Reads outside a transaction are left out: on SQLite they run on the read worker's own thread (a
 * worker read's duration includes its wait in the worker's queue, which holds nothing).
 */
import type { QueryEvent } from 'gateway-db';

export const LONG_STATEMENT_MS = 50;

export class StatementWatch {
  private watching = false;
  private longestMs = 0;
  private longestWhat = '';
  private overLimit = 0;
  private seen = 0;

  readonly observe = (event: QueryEvent): void => {
    if (!this.watching || (event.kind === 'select' && !event.inTransaction)) return;
    this.seen++;
    if (event.durationMs > LONG_STATEMENT_MS) this.overLimit++;
    if (event.durationMs > this.longestMs) {
      this.longestMs = event.durationMs;
      this.longestWhat = `${event.kind}${event.table ? ` ${event.table}` : ''}`;
    }
  };

  start(): void {
    this.watching = true;
    this.longestMs = 0;
    this.longestWhat = '';
    this.overLimit = 0;
    this.seen = 0;
  }

  stop(): { longestMs: number; longestWhat: string; overLimit: number; seen: number } {
    this.watching = false;
    return { longestMs: this.longestMs, longestWhat: this.longestWhat, overLimit: this.overLimit, seen: this.seen };
  }
}
