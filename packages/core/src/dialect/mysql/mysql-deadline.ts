/**
 * A bound on a wait for the MySQL server. mysql2 has none that covers a whole statement: its per-query `timeout`
 * starts after the PREPARE round trip, does not close the connection (the late answer is awaited by the next
 * caller of that connection), and pool acquisition waits without limit. So every wait is raced here, and the
 * caller closes whatever was waiting.
 */

/**
 * Settles like `work`, or rejects with `onExpire()`'s error once `ms` have passed (then `work`'s late outcome is
 * ignored). `ms` undefined: no bound.
 */
export function withDeadline<T>(work: Promise<T>, ms: number | undefined, onExpire: () => Error): Promise<T> {
  if (ms === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onExpire()), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** A wait the watchdog ends: `onExpire` runs once `due` (ms since the epoch) has passed, unless cancelled first. */
export interface WatchedWait {
  due: number;
  readonly onExpire: () => void;
}

/**
 * Deadlines for the statements of one pool, with one interval timer for all of them: a timer per statement costs
 * more than the rest of the bookkeeping (about 20 us per statement, measured on the hot path). A wait ends between
 * its deadline and one tick later.
 */
export class Watchdog {
  private readonly waits = new Set<WatchedWait>();
  private readonly timer: NodeJS.Timeout;

  constructor(tickMs: number) {
    this.timer = setInterval(() => this.expire(), tickMs);
    // It only matters while a statement waits, and a waiting statement's socket keeps the process alive anyway.
    this.timer.unref();
  }

  watch(ms: number, onExpire: () => void): WatchedWait {
    const wait = { due: Date.now() + ms, onExpire };
    this.waits.add(wait);
    return wait;
  }

  cancel(wait: WatchedWait): void {
    this.waits.delete(wait);
  }

  stop(): void {
    clearInterval(this.timer);
    for (const wait of this.waits) wait.onExpire();
    this.waits.clear();
  }

  private expire(): void {
    const now = Date.now();
    for (const wait of this.waits) {
      if (wait.due > now) continue;
      this.waits.delete(wait);
      wait.onExpire();
    }
  }
}

/** `withDeadline` on a watchdog's clock. */
export function watched<T>(
  watchdog: Watchdog,
  work: Promise<T>,
  ms: number | undefined,
  onExpire: () => Error,
): Promise<T> {
  if (ms === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const wait = watchdog.watch(ms, () => reject(onExpire()));
    work.then(
      (value) => {
        watchdog.cancel(wait);
        resolve(value);
      },
      (error: unknown) => {
        watchdog.cancel(wait);
        reject(error);
      },
    );
  });
}
