/** A fresh store per test file on a dialect: its config, an opened executor, and the cleanup. */

import { type GatewayDbConfig, loadConfig } from '@gateway-db/core/config.js';
import type { StoreExecutor } from '@gateway-db/core/dialect/store-executor.js';
import { openStore } from '@gateway-db/core/open-store.js';
import type { Dialect } from '@gateway-db/schema';
import { createTestDatabase } from '@gateway-db/test-support';

export interface TestStore {
  readonly config: GatewayDbConfig;
  readonly executor: StoreExecutor;
  /** Closes the executor (if still open) and drops the database. */
  drop(): Promise<void>;
}

/** The config of a new, empty test database (nothing opened yet). */
export async function testStoreConfig(
  dialect: Dialect,
  label: string,
): Promise<{ config: GatewayDbConfig; drop(): Promise<void> }> {
  const db = await createTestDatabase(dialect, label);
  const config =
    dialect === 'sqlite'
      ? loadConfig({ dialect, sqlite: { path: db.sqlitePath } }, {}, false)
      : loadConfig({ dialect, mysql: { url: db.mysql?.url } }, {}, false);
  return { config, drop: () => db.drop() };
}

export async function createTestStore(dialect: Dialect, label: string): Promise<TestStore> {
  const { config, drop } = await testStoreConfig(dialect, label);
  const executor = await openStore(config);
  return {
    config,
    executor,
    drop: async () => {
      await executor.close().catch(() => undefined);
      await drop();
    },
  };
}
