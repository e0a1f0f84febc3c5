/**
 * A fresh store for one script run: a SQLite file in a temporary folder, or a new `gwload_*` MySQL database on
 * the server of MYSQL_URL / MYSQL_HOST... (default root@127.0.0.1:3306). Gives the environment for the gateway
 * process, opens gateway-db on it, and removes it at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mysqlServerFromEnv } from '@gateway-db/test-support';
import {
  type ApiRequestLogWriterOptions,
  createGatewayDb,
  type GatewayDb,
  type GatewayDbConfigInput,
  loadConfig,
  openStore,
  type StoreExecutor,
  silentLogger,
} from 'gateway-db';
import mysql from 'mysql2/promise';

export type Dialect = 'sqlite' | 'mysql';

export interface LoadStore {
  readonly dialect: Dialect;
  /** Working folder of the gateway process (holds the SQLite file; no legacy gateway.db in it). */
  readonly folder: string;
  readonly sqlitePath: string;
  readonly database: string;
  /** Environment for the gateway process. */
  readonly env: NodeJS.ProcessEnv;
  open(logWriter?: ApiRequestLogWriterOptions): Promise<GatewayDb>;
  /** The bare executor (bulk SQL of the scripts); open() must have run once so the schema exists. */
  openExecutor(): Promise<StoreExecutor>;
  drop(): Promise<void>;
}

export function mysqlServer() {
  return mysqlServerFromEnv() ?? { host: '127.0.0.1', port: 3306, user: 'root', password: '', source: 'default' };
}

export function createLoadStore(dialect: Dialect, label: string, poolSize = 10): LoadStore {
  const folder = mkdtempSync(join(tmpdir(), `gw${label}-`));
  const sqlitePath = join(folder, 'gateway.sqlite');
  const database = `gw${label}_${Date.now().toString(36)}_${process.pid}`;
  const server = mysqlServer();
  const common = { DB_DIALECT: dialect, DB_PATH: join(folder, 'no-legacy-gateway.db') };
  const env: NodeJS.ProcessEnv =
    dialect === 'sqlite'
      ? { ...common, SQLITE_PATH: sqlitePath }
      : {
          ...common,
          MYSQL_HOST: server.host,
          MYSQL_PORT: String(server.port),
          MYSQL_USER: server.user,
          MYSQL_PASSWORD: server.password,
          MYSQL_DATABASE: database,
          MYSQL_CONNECTION_LIMIT: String(poolSize),
        };
  const input: GatewayDbConfigInput = {
    dialect,
    legacyDbPath: common.DB_PATH,
    ...(dialect === 'sqlite'
      ? { sqlite: { path: sqlitePath } }
      : {
          mysql: {
            host: server.host,
            port: server.port,
            user: server.user,
            password: server.password,
            database,
            pool: { connectionLimit: poolSize },
          },
        }),
  };
  return {
    dialect,
    folder,
    sqlitePath,
    database,
    env,
    open: (logWriter = {}) => createGatewayDb({ ...input, logger: silentLogger, env: {}, logWriter }),
    openExecutor: () => openStore(loadConfig(input, {}, false)),
    async drop() {
      if (dialect === 'mysql') {
        const connection = await mysql.createConnection({
          host: server.host,
          port: server.port,
          user: server.user,
          password: server.password,
        });
        try {
          await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
        } finally {
          await connection.end();
        }
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Rows the gateway logged since `sinceMs` (wall clock), counted after it exited. */
export async function countLoggedSince(store: LoadStore, sinceMs: number): Promise<number> {
  const db = await store.open();
  try {
    return (await db.apiRequests.getAll({ startTime: sinceMs, pageSize: 1 })).total;
  } finally {
    await db.close();
  }
}
