/** Opens the source (read-only) and the target (with gateway-db's schema applied first) an endpoint names. */
import { describeEndpoint, type Endpoint } from './endpoint.js';
import { wrapDriverError } from './errors.js';
import { mysqlClient } from './mysql/mysql-client.js';
import { connectionRunner, openMigratorConnection } from './mysql/mysql-connection.js';
import { createMysqlReader } from './mysql/mysql-reader.js';
import { openMysqlTarget } from './mysql/mysql-target.js';
import { openSqliteSource } from './read-legacy.js';
import { openSqliteTarget } from './sqlite/sqlite-target.js';
import type { StoreReader, TargetStore } from './store.js';
import { applyTargetSchema } from './target-schema.js';

export async function openSource(endpoint: Endpoint): Promise<StoreReader> {
  if (endpoint.dialect === 'sqlite') return openSqliteSource(endpoint);
  const connection = await openMigratorConnection(endpoint.mysql);
  try {
    // One snapshot for every pass: a live database (the rollback path) is copied as of one instant.
    await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
    await connection.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
  } catch (error) {
    await connection.end().catch(() => undefined);
    throw wrapDriverError(error, `Opening ${describeEndpoint(endpoint)} for reading`);
  }
  return createMysqlReader(connection, mysqlClient(connectionRunner(connection)), endpoint, async () => {
    await connection.query('COMMIT').catch(() => undefined);
    await connection.end().catch(() => undefined);
  });
}

export interface OpenTargetOptions {
  /** Apply gateway-db's schema first (not in a dry run or a verification: those never write). */
  readonly applySchema: boolean;
  readonly mysqlConnections?: number;
  readonly batchBytes?: number;
}

export async function openTarget(endpoint: Endpoint, options: OpenTargetOptions): Promise<TargetStore> {
  if (options.applySchema) {
    try {
      await applyTargetSchema(endpoint);
    } catch (error) {
      throw wrapDriverError(error, `Preparing the schema of ${describeEndpoint(endpoint)}`);
    }
  }
  if (endpoint.dialect === 'sqlite') return openSqliteTarget(endpoint, !options.applySchema);
  return openMysqlTarget(endpoint, {
    ...(options.mysqlConnections !== undefined ? { connections: options.mysqlConnections } : {}),
    ...(options.batchBytes !== undefined ? { batchBytes: options.batchBytes } : {}),
  });
}

export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  if (a.dialect === 'sqlite' && b.dialect === 'sqlite') return a.path === b.path;
  if (a.dialect === 'mysql' && b.dialect === 'mysql') {
    return a.mysql.host === b.mysql.host && a.mysql.port === b.mysql.port && a.mysql.database === b.mysql.database;
  }
  return false;
}
