/** Opens a test database through the store's own config, executors and migrations. */

import { loadConfig } from '@gateway-db/core/config.js';
import type { StoreExecutor } from '@gateway-db/core/dialect/store-executor.js';
import { applyMigrations } from '@gateway-db/core/migrations/apply-migrations.js';
import { openStore } from '@gateway-db/core/open-store.js';
import type { TestDatabase } from '@gateway-db/test-support';

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
