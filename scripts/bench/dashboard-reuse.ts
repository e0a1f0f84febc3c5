/**
 * `BENCH_DASHBOARD_REUSE=<database>`: time the dashboard reads again on a MySQL database an earlier run kept
 * (`BENCH_KEEP_DATABASE=1`), without loading it again (10M rows take ~20-30 min to load here). The fixture (keys,
 * providers) is read back from the store; the database is left as it is.
 */
import { mysqlServerFromEnv } from '@gateway-db/test-support';
import { createGatewayDb, type GatewayDb, silentLogger } from 'gateway-db';
import type { DashboardFixture } from './dashboard-rows.js';

export interface ReusedStore {
  readonly db: GatewayDb;
  readonly fixture: DashboardFixture;
  readonly rows: number;
  /** An id of a logged request, for getById. */
  readonly knownId: string;
}

export async function openReusedStore(database: string): Promise<ReusedStore> {
  const server = mysqlServerFromEnv();
  if (!server) throw new Error('BENCH_DASHBOARD_REUSE needs MYSQL_HOST or MYSQL_URL');
  const { host, port, user, password } = server;
  const db = await createGatewayDb({
    dialect: 'mysql',
    mysql: { host, port, user, password, database },
    logger: silentLogger,
    legacyImporter: false,
    rollupBackfill: { automatic: false },
  });
  const keys = (await db.virtualKeys.getAll()).sort((a, b) => (a.key_value < b.key_value ? -1 : 1));
  const providers = await db.providers.getAll();
  const fixture: DashboardFixture = {
    keyIds: keys.map((key) => key.id),
    silencedKeyId: keys.find((key) => key.disable_logging)?.id ?? '',
    providerIds: providers.map((provider) => provider.id),
    models: [],
  };
  const page = await db.apiRequests.getAll({ page: 1, pageSize: 1 });
  return { db, fixture, rows: page.total, knownId: page.data[0]?.id ?? '' };
}
