/** The vitest hooks around a private MariaDB (private-mariadb.ts stays free of vitest: scripts use it too). */
import { afterAll, beforeAll } from 'vitest';
import { type PrivateMariadb, type PrivateMariadbOptions, startPrivateMariadb } from './private-mariadb.js';

/**
 * Starts a private server before the tests of the file (or `describe` block) and stops it after them, whatever
 * happened; returns a getter for the running server.
 */
export function usePrivateMariadb(options: PrivateMariadbOptions = {}): () => PrivateMariadb {
  let server: PrivateMariadb | undefined;
  beforeAll(async () => {
    server = await startPrivateMariadb(options);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the private MariaDB is not started: call the getter inside a test or hook');
    return server;
  };
}
