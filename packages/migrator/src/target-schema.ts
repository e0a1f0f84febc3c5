/**
 * Gives an empty target the current schema through gateway-db's own `applyMigrations` (with its migrations journal
 * and lock), so a store the migrator filled opens in gateway-db without further work.
 */
import { applyMigrations, createMysqlExecutor, createSqliteExecutor } from '@gateway-db/core';
import type { Endpoint } from './endpoint.js';

export async function applyTargetSchema(target: Endpoint): Promise<void> {
  // The MySQL pool opens connections only as statements need them: one or two here.
  const executor =
    target.dialect === 'sqlite' ? createSqliteExecutor({ path: target.path }) : await createMysqlExecutor(target.mysql);
  try {
    await applyMigrations(executor);
  } finally {
    await executor.close();
  }
}
