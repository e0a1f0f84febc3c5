/** Opens the store a config names: the SQLite file, or the MySQL pool (creating the database when missing). */
import type { StoreConfig } from './config.js';
import { createMysqlExecutor } from './dialect/mysql/mysql-executor.js';
import { createSqliteExecutor } from './dialect/sqlite/sqlite-executor.js';
import type { StoreExecutor } from './dialect/store-executor.js';
import { isGatewayDbError } from './errors.js';
import { type GatewayDbLogger, silentLogger } from './logger.js';

export async function openStore(config: StoreConfig, logger: GatewayDbLogger = silentLogger): Promise<StoreExecutor> {
  if (config.dialect === 'sqlite') return createSqliteExecutor(config.sqlite);
  return createMysqlExecutor(config.mysql, (error) => {
    logger.error(`could not set up a new MySQL connection: ${error instanceof Error ? error.message : String(error)}`, {
      code: 'store.connection_failed',
      dialect: 'mysql',
      ...(isGatewayDbError(error) ? { errorCode: error.code } : {}),
    });
  });
}
