/**
 * drizzle-kit configuration for both dialects, picked by DB_DIALECT (`sqlite` by default, or `mysql`):
 *   pnpm drizzle-kit generate            -> packages/schema/drizzle/sqlite
 *   DB_DIALECT=mysql pnpm drizzle-kit push  -> creates/updates the tables in MYSQL_DATABASE
 * Use `pnpm db:generate` to regenerate both dialects at once (it also adds the MySQL table options).
 */
import { defineConfig } from 'drizzle-kit';

const dialect = process.env.DB_DIALECT ?? 'sqlite';
if (dialect !== 'sqlite' && dialect !== 'mysql') {
  throw new Error(`DB_DIALECT must be "sqlite" or "mysql", got "${dialect}"`);
}

function mysqlUrl(): string {
  if (process.env.MYSQL_URL) return process.env.MYSQL_URL;
  const user = encodeURIComponent(process.env.MYSQL_USER ?? 'root');
  const password = process.env.MYSQL_PASSWORD ? `:${encodeURIComponent(process.env.MYSQL_PASSWORD)}` : '';
  const host = process.env.MYSQL_HOST ?? 'localhost';
  const port = process.env.MYSQL_PORT ?? '3306';
  return `mysql://${user}${password}@${host}:${port}/${process.env.MYSQL_DATABASE ?? 'llm_gateway'}`;
}

export default dialect === 'mysql'
  ? defineConfig({
      dialect: 'mysql',
      schema: './packages/schema/src/mysql.ts',
      out: process.env.DRIZZLE_OUT ?? './packages/schema/drizzle/mysql',
      dbCredentials: { url: mysqlUrl() },
      strict: true,
      verbose: false,
    })
  : defineConfig({
      dialect: 'sqlite',
      schema: './packages/schema/src/sqlite.ts',
      out: process.env.DRIZZLE_OUT ?? './packages/schema/drizzle/sqlite',
      dbCredentials: { url: process.env.SQLITE_PATH ?? './data/gateway.sqlite' },
      strict: true,
      verbose: false,
    });
