/**
 * The vitest hooks around servers a test file starts for itself (private-mariadb.ts and the others stay free of
 * vitest: scripts use them too).
 */
import { afterAll, beforeAll } from 'vitest';
import { type PrivateMariadb, type PrivateMariadbOptions, startPrivateMariadb } from './private-mariadb.js';

/**
 * Starts `what` before the tests of the file (or `describe` block) and stops it after them, whatever happened;
 * returns a getter for it.
 */
export function useStarted<T extends { stop(): Promise<void> }>(
  what: string,
  start: () => Promise<T>,
  timeouts: { readonly startMs?: number; readonly stopMs?: number } = {},
): () => T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  }, timeouts.startMs);
  afterAll(async () => {
    await started?.stop();
  }, timeouts.stopMs);
  return () => {
    if (!started) throw new Error(`${what} is not started: call the getter inside a test or hook`);
    return started;
  };
}

export function usePrivateMariadb(options: PrivateMariadbOptions = {}): () => PrivateMariadb {
  return useStarted('the private MariaDB', () => startPrivateMariadb(options));
}
