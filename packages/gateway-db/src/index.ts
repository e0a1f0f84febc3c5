// Public API of gateway-db: filled in by create-gateway-db.ts and the repositories.
export type { SqlExecutor, DialectSql, SqlValue } from './dialect/sql-executor.js';
