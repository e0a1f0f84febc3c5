export { testDialects } from './dialects.js';
export { type GaleraCluster, type GaleraNode, startGaleraCluster, useGaleraCluster } from './galera-cluster.js';
export { type MysqlServer, mysqlServerFromEnv, NO_SERVER_MESSAGE } from './mysql-server.js';
export {
  freePort,
  type PrivateMariadb,
  type PrivateMariadbOptions,
  startPrivateMariadb,
} from './private-mariadb.js';
export { type ReplicaPair, startReplicaPair, useReplicaPair } from './replica-pair.js';
export {
  createMysqlTestDatabase,
  createSqliteTestPath,
  createTestDatabase,
  type MysqlTestDatabase,
  requireMysqlServer,
  type TestDatabase,
  testDatabaseName,
} from './test-database.js';
export { DEFAULT_TEST_DB_PREFIX } from './test-prefix.js';
export { usePrivateMariadb } from './use-private-mariadb.js';
