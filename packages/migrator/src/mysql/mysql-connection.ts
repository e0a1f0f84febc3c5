/**
 * MySQL/MariaDB connections for the migrator: utf8mb4 on the wire (4-byte emoji), BIGINT as exact decimal strings,
 * strict SQL mode so the server refuses instead of truncating, and `checkedQuery`, which turns any warning into
 * an error (a warning is a value the server changed).
 */
import mysql from 'mysql2/promise';
import type { MysqlEndpointConfig } from '../endpoint.js';
import { MigrationError, wrapDriverError } from '../errors.js';

export type MysqlConnection = mysql.Connection;

export const STRICT_SQL_MODE =
  'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_ZERO_DATE,NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION';

export interface OpenOptions {
  /** Connect without selecting the database (to create it). */
  readonly withoutDatabase?: boolean;
  /** Turn FOREIGN_KEY_CHECKS off for this session (the bulk load: our own orphan check replaces it). */
  readonly foreignKeyChecksOff?: boolean;
}

export async function openMysqlConnection(config: MysqlEndpointConfig, options: OpenOptions = {}): Promise<MysqlConnection> {
  let connection: MysqlConnection;
  try {
    connection = await mysql.createConnection({
      host: config.host,
      port: config.port,
      user: config.user,
      password: config.password,
      ...(options.withoutDatabase ? {} : { database: config.database }),
      charset: 'UTF8MB4_UNICODE_CI',
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
      connectTimeout: 10_000,
    });
  } catch (error) {
    throw wrapDriverError(error, `Connecting to MySQL at ${config.host}:${config.port}`);
  }
  try {
    await connection.query(`SET SESSION sql_mode = '${STRICT_SQL_MODE}'`);
    if (options.foreignKeyChecksOff) await connection.query('SET SESSION foreign_key_checks = 0');
  } catch (error) {
    await connection.end().catch(() => undefined);
    throw wrapDriverError(error, 'Preparing the MySQL session');
  }
  return connection;
}

/** Creates the target database when it is missing (utf8mb4, as gateway-db does). */
export async function ensureMysqlDatabase(config: MysqlEndpointConfig): Promise<void> {
  const connection = await openMysqlConnection(config, { withoutDatabase: true });
  try {
    const name = `\`${config.database.replace(/`/g, '``')}\``;
    await connection.query(`CREATE DATABASE IF NOT EXISTS ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } catch (error) {
    throw wrapDriverError(error, `Creating the MySQL database ${config.database}`);
  } finally {
    await connection.end().catch(() => undefined);
  }
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
