/**
 * Opens a fresh store per dialect for a benchmark: gateway-db on it, plus the bare driver on the same database
 * (better-sqlite3 on the same file; a mysql2 pool with the gateway's pool settings) for the raw baselines.
 * MySQL comes from MYSQL_URL / MYSQL_HOST...; a `gwbench_*` database is created and dropped at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '@gateway-db/schema';
import { mysqlServerFromEnv } from '@gateway-db/test-support';
import Database from 'better-sqlite3';
import { type CreateGatewayDbOptions, createGatewayDb, type GatewayDb, silentLogger } from 'gateway-db';
import mysql from 'mysql2/promise';

export interface BenchStore {
  readonly dialect: Dialect;
  readonly db: GatewayDb;
  readonly raw:
    | { readonly kind: 'sqlite'; readonly db: Database.Database }
    | { readonly kind: 'mysql'; readonly pool: mysql.Pool };
  /** The SQLite file (sqlite only), to measure its size. */
  readonly sqlitePath?: string;
  close(): Promise<void>;
}

/**
 * The dialects a benchmark run covers: sqlite always, mysql when a server is configured; `BENCH_DIALECTS`
 * (e.g. `mysql`) narrows that to the ones named.
 */
export function benchDialects(): Dialect[] {
  const available: Dialect[] = mysqlServerFromEnv() ? ['sqlite', 'mysql'] : ['sqlite'];
  const named = process.env.BENCH_DIALECTS?.split(',').map((name) => name.trim());
  return named ? available.filter((dialect) => named.includes(dialect)) : available;
}

export async function openBenchStore(
  dialect: Dialect,
  label: string,
  options: Pick<CreateGatewayDbOptions, 'logWriter' | 'rollupBackfill'> = {},
): Promise<BenchStore> {
  if (dialect === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), `gwbench-${label}-`));
    const path = join(folder, 'gateway.sqlite');
    const db = await createGatewayDb({ dialect, sqlite: { path }, logger: silentLogger, ...options });
    const raw = new Database(path);
    return {
      dialect,
      db,
      raw: { kind: 'sqlite', db: raw },
      sqlitePath: path,
      close: async () => {
        raw.close();
        await db.close();
        // BENCH_KEEP_DATABASE=1 keeps the file for BENCH_DASHBOARD_REUSE (dashboard-reuse.ts); remove it by hand.
        if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`kept the benchmark file ${path}`);
        else rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  const server = mysqlServerFromEnv();
  if (!server) throw new Error('MySQL benchmark needs MYSQL_HOST or MYSQL_URL');
  const database = `gwbench_${label}_${Date.now().toString(36)}`;
  const db = await createGatewayDb({
    dialect,
    logger: silentLogger,
    ...options,
    mysql: { host: server.host, port: server.port, user: server.user, password: server.password, database },
  });
  const pool = mysql.createPool({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    database,
    connectionLimit: 10,
    waitForConnections: true,
    queueLimit: 0,
    enableKeepAlive: true,
    charset: 'utf8mb4_unicode_ci',
  });
  return {
    dialect,
    db,
    raw: { kind: 'mysql', pool },
    close: async () => {
      await db.close();
      // BENCH_KEEP_DATABASE=1 keeps it for a look afterwards (EXPLAIN ANALYZE of a slow read); drop it by hand.
      if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`kept the benchmark database ${database}`);
      else await pool.query(`DROP DATABASE IF EXISTS \`${database}\``);
      await pool.end();
    },
  };
}
