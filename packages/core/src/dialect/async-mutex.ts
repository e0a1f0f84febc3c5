/**
 * A FIFO async mutex. The executors use one per transaction scope: a transaction holds it from BEGIN to
 * COMMIT/ROLLBACK, and every plain statement of the same scope waits until it is free. This is what keeps an async
 * transaction callback on better-sqlite3 (a synchronous driver sharing one connection) from seeing other callers'
 * statements land between its awaits.
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  get locked(): boolean {
    return this.holders > 0;
  }

  /** Waits for the lock; the returned function releases it (call it exactly once). */
  async acquire(): Promise<() => void> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holders++;
    await previous;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      release();
    };
  }

  /** Resolves once every holder and waiter queued before this call has released the lock. */
  whenFree(): Promise<void> {
    return this.tail;
  }
}
