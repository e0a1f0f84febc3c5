/**
 * The migrator's MySQL/MariaDB connections: single connections (a stream, a lock holder, the parallel writers),
 * set up by core exactly like gateway-db's pool (strict sql_mode, utf8mb4, UTC), and `checkedQuery`, which turns
 * any warning into an error (a warning is a value the server changed).
 */

import { type MysqlConfig, openMysqlConnection } from '@gateway-db/core';
import type mysql from 'mysql2/promise';
import { MigrationError, wrapDriverError } from '../errors.js';
import type { RawRunner } from '../store-client.js';

export type MysqlConnection = mysql.Connection;

/** A connection to `config`'s database; `foreignKeyChecksOff` for the bulk load (our own orphan check replaces it). */
export async function openMigratorConnection(
  config: MysqlConfig,
  options: { foreignKeyChecksOff?: boolean } = {},
): Promise<MysqlConnection> {
  let connection: MysqlConnection;
  try {
    connection = await openMysqlConnection(config, { connectTimeoutMs: config.pool.connectTimeoutMs });
  } catch (error) {
    throw wrapDriverError(error, `Connecting to MySQL at ${config.host}:${config.port}`);
  }
  if (!options.foreignKeyChecksOff) return connection;
  try {
    await connection.query('SET SESSION foreign_key_checks = 0');
  } catch (error) {
    await connection.end().catch(() => undefined);
    throw wrapDriverError(error, 'Preparing the MySQL session');
  }
  return connection;
}

/** Runs Drizzle-rendered statements on `connection` for its typed client (store-client.ts). */
export function connectionRunner(connection: MysqlConnection): RawRunner {
  return {
    async all(sql, params) {
      try {
        const [rows] = await connection.query({ sql, values: [...params], rowsAsArray: true });
        return rows as unknown[][];
      } catch (error) {
        throw wrapDriverError(error, 'A read query');
      }
    },
    async run(sql, params) {
      try {
        await connection.query(sql, [...params]);
      } catch (error) {
        throw wrapDriverError(error, 'A bookkeeping statement');
      }
    },
  };
}

/** Runs a write and fails when the server reported any warning, naming the warning codes and columns only. */
export async function checkedQuery(connection: MysqlConnection, sql: string, what: string): Promise<void> {
  let warnings: number;
  try {
    const [result] = await connection.query(sql);
    warnings = (result as { warningStatus?: number }).warningStatus ?? 0;
  } catch (error) {
    throw wrapDriverError(error, what);
  }
  if (warnings === 0) return;
  const [rows] = await connection.query('SHOW WARNINGS');
  const list = (rows as { Code?: number; Message?: string }[]).map((w) => {
    // "... for column `name` at row 3": keep the column and row number, drop any quoted value.
    const column = /column [`']?([^`'\s]+)[`']?/.exec(w.Message ?? '')?.[1];
    const row = /at row (\d+)/.exec(w.Message ?? '')?.[1];
    return `warning ${w.Code ?? '?'}${column ? ` on column ${column}` : ''}${row ? ` (row ${row} of the batch)` : ''}`;
  });
  throw new MigrationError({ code: 'QUERY', message: `${what}: the server changed a value (${list.join('; ')})` });
}
