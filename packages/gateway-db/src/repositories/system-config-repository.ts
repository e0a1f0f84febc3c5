import { type SystemConfig, systemConfigSpec } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { tableAccess } from './table-access.js';

export interface SystemConfigRepository {
  /** Read on every HTTP request (`cors_enabled`). */
  get(key: string): Promise<SystemConfig | undefined>;
  /** Inserts or replaces the value; an omitted description keeps the stored one. */
  set(key: string, value: string, description?: string | null): Promise<void>;
  /** Ordered by key. */
  getAll(): Promise<SystemConfig[]>;
}

export function createSystemConfigRepository(executor: SqlExecutor): SystemConfigRepository {
  const access = tableAccess<SystemConfig>(executor, systemConfigSpec);
  return {
    get: (key) => access.selectOne('WHERE `key` = ?', [key]),
    async set(key, value, description) {
      const updated = description === undefined ? ['value', 'updated_at'] : ['value', 'description', 'updated_at'];
      await executor.run(
        'INSERT INTO `system_config` (`key`, `value`, `description`, `updated_at`) VALUES (?, ?, ?, ?) ' +
          executor.sql.upsertTail('key', updated),
        [key, value, description ?? null, Date.now()],
      );
    },
    getAll: () => access.select('ORDER BY `key`'),
  };
}
