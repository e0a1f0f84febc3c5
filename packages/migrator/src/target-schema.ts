/**
 * Gives an empty target the current schema through gateway-db's own `applyMigrations` (with its migrations journal
 * and lock), so a store the migrator filled opens in gateway-db without further work.
 */
import { applyMigrations, createMysqlExecutor, createSqliteExecutor } from 'gateway-db';
import type { MysqlEndpointConfig } from './endpoint.js';

export async function applyTargetSchema(
  target: { dialect: 'sqlite'; path: string } | { dialect: 'mysql'; mysql: MysqlEndpointConfig },
): Promise<void> {
  const executor =
    target.dialect === 'sqlite'
      ? createSqliteExecutor({ path: target.path })
      : await createMysqlExecutor({
          ...target.mysql,
          pool: { connectionLimit: 1, waitForConnections: true, queueLimit: 0, enableKeepAlive: false, connectTimeoutMs: 10_000 },
        });
  try {
    await applyMigrations(executor);
  } finally {
    await executor.close();
  }
}
