/**
 * An executor that is `executor` except for some of its methods (write tracking, query events): every other member
 * (getters such as `maxStatementBytes`, `withMigrationLock`, `close`) is the wrapped executor's own.
 */
import type { SqlExecutor } from './sql-executor.js';

export function withOverrides<E extends SqlExecutor>(executor: E, overrides: Partial<SqlExecutor>): E {
  return new Proxy(executor, {
    get(target, property, receiver) {
      if (typeof property === 'string' && Object.hasOwn(overrides, property)) {
        return overrides[property as keyof SqlExecutor];
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
