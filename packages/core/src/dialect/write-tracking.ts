/**
 * An executor that says when a write through it has ended (a statement run, a transaction), for read-your-writes
 * on read replicas. Failed writes count too: their outcome may be unknown (a COMMIT whose answer was lost).
 * Everything else is the wrapped executor's own.
 */

import { withOverrides } from './executor-overrides.js';
import type { SqlExecutor } from './sql-executor.js';
import type { StoreExecutor } from './store-executor.js';

export function trackingWrites<E extends SqlExecutor | StoreExecutor>(executor: E, onWrite: () => void): E {
  const run: SqlExecutor['run'] = (sql, params) => executor.run(sql, params).finally(onWrite);
  const transaction: SqlExecutor['transaction'] = (fn) => executor.transaction(fn).finally(onWrite);
  return withOverrides(executor, { run, transaction });
}
