/**
 * Two changes to a Drizzle proxy client, so it behaves like the rest of gateway-db:
 * - Drizzle wraps every failure in a DrizzleQueryError whose message carries the bound parameters (API keys,
 *   virtual keys, request bodies). Our executors already throw GatewayDbError with safe messages, so the wrapping
 *   is switched off and the executor's error reaches the caller as it is.
 * - Drizzle's own `transaction()` would send BEGIN through the shared connection without the executor's lock
 *   (other requests could land inside it). It refuses with a message naming the safe way instead.
 * Both reach into Drizzle internals (`session`, `prepareQuery`, `queryWithCache`), pinned by the catalog version;
 * test/orm/orm-client.test.ts fails if a Drizzle upgrade changes them.
 */
import { GatewayDbError } from '@gateway-db/core/errors.js';

interface PreparedQueryInternals {
  queryWithCache(queryString: string, params: unknown[], query: () => Promise<unknown>): Promise<unknown>;
}

interface SessionInternals {
  prepareQuery(...args: unknown[]): PreparedQueryInternals;
}

function unwrapped(_queryString: string, _params: unknown[], query: () => Promise<unknown>): Promise<unknown> {
  return query();
}

export function makeSessionSafe<TClient extends object>(client: TClient): TClient {
  const session = (client as unknown as { session?: SessionInternals }).session;
  if (!session || typeof session.prepareQuery !== 'function') {
    throw new GatewayDbError({
      code: 'QUERY',
      message: 'This drizzle-orm version has no session.prepareQuery: pin the catalog version',
    });
  }
  const prepare = session.prepareQuery.bind(session);
  session.prepareQuery = (...args: unknown[]) => {
    const prepared = prepare(...args);
    prepared.queryWithCache = unwrapped;
    return prepared;
  };
  Object.defineProperty(client, 'transaction', {
    value: () =>
      Promise.reject(
        new GatewayDbError({
          code: 'QUERY',
          message: 'Use db.transaction(async (tx) => ...) and tx.orm.client inside it, not orm.client.transaction()',
        }),
      ),
  });
  return client;
}
