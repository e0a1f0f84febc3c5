/**
 * `BENCH_DASHBOARD_REUSE=<database or file>`: time the dashboard reads again on a store an earlier run kept
 * (`BENCH_KEEP_DATABASE=1`), without loading it again (10M rows take ~15-30 min to load here). A MySQL database
 * is read as it is and left alone. A SQLite file (a path ending in `.sqlite`) is copied first and the copy is
 * used, so the cleanup run can be repeated on the same data (the kept file is as its run left it, cleanup done:
 * BENCH_CLEANUP_KEEP_DAYS=10 deletes the next third of the rows). The fixture (keys, providers) is read back from
 * the store.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mysqlServerFromEnv } from '@gateway-db/test-support';
import { type CreateGatewayDbOptions, createGatewayDb, type GatewayDb, silentLogger } from 'gateway-db';
import { DASHBOARD_LOG_WRITER, type DashboardFixture } from './dashboard-rows.js';

export interface ReusedStore {
  readonly dialect: 'sqlite' | 'mysql';
  readonly db: GatewayDb;
  readonly fixture: DashboardFixture;
  readonly rows: number;
  /** An id of a logged request, for getById. */
  readonly knownId: string;
  /** Closes the store; a SQLite copy is removed. */
  close(): Promise<void>;
}

const REUSE_OPTIONS = {
  logger: silentLogger,
  legacyImporter: false,
  rollupBackfill: { automatic: false },
  logWriter: DASHBOARD_LOG_WRITER,
} satisfies Partial<CreateGatewayDbOptions>;

async function openSqliteCopy(file: string): Promise<{ db: GatewayDb; close: () => Promise<void> }> {
  if (!existsSync(file)) throw new Error(`BENCH_DASHBOARD_REUSE: no such file ${file}`);
  const folder = mkdtempSync(join(tmpdir(), 'gwbench-reuse-'));
  const path = join(folder, 'gateway.sqlite');
  copyFileSync(file, path);
  if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${path}-wal`);
  const db = await createGatewayDb({ dialect: 'sqlite', sqlite: { path }, ...REUSE_OPTIONS });
  return {
    db,
    close: async () => {
      await db.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function openMysql(database: string): Promise<{ db: GatewayDb; close: () => Promise<void> }> {
  const server = mysqlServerFromEnv();
  if (!server) throw new Error('BENCH_DASHBOARD_REUSE of a MySQL database needs MYSQL_HOST or MYSQL_URL');
  const { host, port, user, password } = server;
  const db = await createGatewayDb({
    dialect: 'mysql',
    mysql: { host, port, user, password, database },
    ...REUSE_OPTIONS,
  });
  return { db, close: () => db.close() };
}

export async function openReusedStore(target: string): Promise<ReusedStore> {
  const dialect = target.endsWith('.sqlite') ? 'sqlite' : 'mysql';
  const { db, close } = dialect === 'sqlite' ? await openSqliteCopy(target) : await openMysql(target);
  const keys = (await db.virtualKeys.getAll()).sort((a, b) => (a.key_value < b.key_value ? -1 : 1));
  const providers = await db.providers.getAll();
  const fixture: DashboardFixture = {
    keyIds: keys.map((key) => key.id),
    silencedKeyId: keys.find((key) => key.disable_logging)?.id ?? '',
    providerIds: providers.map((provider) => provider.id),
    models: [],
  };
  const page = await db.apiRequests.getAll({ page: 1, pageSize: 1 });
  return { dialect, db, fixture, rows: page.total, knownId: page.data[0]?.id ?? '', close };
}
