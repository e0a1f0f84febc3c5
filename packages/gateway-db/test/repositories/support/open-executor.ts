/** Opens a test database through the store's own config, executors and migrations. */
import type { TestDatabase } from '@gateway-db/test-support';
import { loadConfig } from '../../../src/config.js';
import type { StoreExecutor } from '../../../src/dialect/store-executor.js';
import { applyMigrations } from '../../../src/migrations/apply-migrations.js';
import { openStore } from '../../../src/open-store.js';

export async function openExecutor(database: TestDatabase): Promise<StoreExecutor> {
  // The environment and any .env file are ignored: the test database alone decides where the store is.
  const config = loadConfig(
    { dialect: database.dialect, sqlite: { path: database.sqlitePath }, mysql: { url: database.mysql?.url } },
    {},
    false,
  );
  const executor = await openStore(config);
  await applyMigrations(executor);
  return executor;
}
