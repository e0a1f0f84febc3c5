/**
 * Stopping a run on request (Ctrl-C, SIGTERM) at a batch boundary. Every pass reads through `StoreReader.readBatches`,
 * so wrapping the readers is the one place that makes the pre-flight pass, the copy and the verification all stop
 * between two batches: never inside one, so the copy knows exactly which rows it wrote (copy-table.ts).
 */
import { MigrationError } from './errors.js';
import type { StoreReader, TargetStore } from './store.js';

/** How long a pass may run without giving the event loop (and so a signal handler) a turn. */
const TURN_MS = 50;

export function interruptedError(): MigrationError {
  return new MigrationError({ code: 'INTERRUPTED', message: 'Stopped on request' });
}

/** `reader`, whose reads end with an INTERRUPTED error at the first batch boundary after `signal` aborts. */
export function stoppableReader(reader: StoreReader, signal: AbortSignal | undefined): StoreReader {
  if (signal === undefined) return reader;
  return {
    dialect: reader.dialect,
    endpoint: reader.endpoint,
    client: reader.client,
    listTables: () => reader.listTables(),
    close: () => reader.close(),
    async *readBatches(query) {
      if (signal.aborted) throw interruptedError();
      let lastTurn = Date.now();
      for await (const batch of reader.readBatches(query)) {
        // A SQLite to SQLite copy is all synchronous calls and promise callbacks: without a turn of the event loop
        // now and then, the signal handler that aborts `signal` would only run once the copy is over.
        if (Date.now() - lastTurn >= TURN_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastTurn = Date.now();
        }
        // A batch read after the request is dropped: nothing of it was handled yet.
        if (signal.aborted) throw interruptedError();
        yield batch;
      }
    },
  };
}

/** `target`, whose reader (the verification's reads) stops like `stoppableReader`; everything else is `target`'s. */
export function stoppableTarget(target: TargetStore, signal: AbortSignal | undefined): TargetStore {
  if (signal === undefined) return target;
  // A prototype, not a spread: the target's methods keep working on it (`close` calls `this.abort`).
  return Object.create(target, { reader: { value: stoppableReader(target.reader, signal) } }) as TargetStore;
}
