/** gateway-db on a test file's private MariaDB, with the log writer's reports collected and counts read aside. */
import { type MysqlPoolConfig, silentLogger } from '@gateway-db/core';
import type { PrivateMariadb } from '@gateway-db/test-support';
import mysql from 'mysql2/promise';
import { createGatewayDb, type GatewayDb } from '../../../src/create-gateway-db.js';
import type { ApiRequestLogWriterOptions, LogWriterReport } from '../../../src/log-writer.js';

export const GATEWAY_DATABASE = 'gateway';

export interface PrivateGateway {
  readonly db: GatewayDb;
  readonly reports: LogWriterReport[];
}

export async function openPrivateGateway(
  server: PrivateMariadb,
  options: {
    readonly pool?: Partial<MysqlPoolConfig>;
    readonly logWriter?: ApiRequestLogWriterOptions;
    readonly rollupBackfill?: false;
  } = {},
): Promise<PrivateGateway> {
  const reports: LogWriterReport[] = [];
  const db = await createGatewayDb({
    dialect: 'mysql',
    mysql: { url: server.url(GATEWAY_DATABASE), pool: options.pool },
    env: {},
    legacyImporter: false,
    logger: silentLogger,
    logWriter: { onReport: (report) => reports.push(report), ...options.logWriter },
    ...(options.rollupBackfill === false ? { rollupBackfill: false } : {}),
  });
  return { db, reports };
}

/** Rows of `table` in the gateway database, read on a connection of its own (not the gateway's pool). */
export async function storedRows(server: PrivateMariadb, table = 'api_requests'): Promise<number> {
  const connection = await mysql.createConnection({ host: server.host, port: server.port, user: server.user });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(
      `SELECT COUNT(*) AS n FROM \`${GATEWAY_DATABASE}\`.\`${table}\``,
    );
    return Number(rows[0]?.n ?? 0);
  } finally {
    await connection.end();
  }
}

/** Resolves with how long `work` took (ms), or rejects with its error. */
export async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work;
  return { value, ms: performance.now() - started };
}

/** Waits until `check()` holds, up to `ms`; returns whether it did. */
export async function eventually(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
