export { testDialects } from './dialects.js';
export { type MysqlServer, NO_SERVER_MESSAGE, mysqlServerFromEnv } from './mysql-server.js';
export {
  type MysqlTestDatabase,
  type TestDatabase,
  createMysqlTestDatabase,
  createSqliteTestPath,
  createTestDatabase,
  requireMysqlServer,
} from './test-database.js';
