/**
 * drizzle-kit configuration for both dialects, picked by DB_DIALECT (`sqlite` by default, or `mysql`). Run it from
 * the repository root:
 *   pnpm db:generate                          -> both dialects into packages/schema/drizzle (+ MySQL table options)
 *   DB_DIALECT=sqlite pnpm drizzle-kit push   -> creates/updates the tables in SQLITE_PATH
 *   DB_DIALECT=mysql pnpm drizzle-kit push    -> in MYSQL_DATABASE (MYSQL_URL, or MYSQL_HOST/PORT/USER/PASSWORD)
 *   DB_DIALECT=mysql pnpm drizzle-kit migrate -> runs the committed SQL (records it in __drizzle_migrations)
 * Settings come from the environment over ./.env, as gateway-db reads them (scripts/ddl/drizzle-kit-target.ts).
 * On MySQL, push and migrate first run a pre-flight (scripts/ddl/mysql-push-target.ts): it creates a missing
 * database with gateway-db's collation and refuses a push that would not match gateway-db's DDL. See
 * docs/schema.md, "drizzle-kit".
 */
import { isAbsolute, relative } from 'node:path';
import { defineConfig } from 'drizzle-kit';
import { drizzleKitEnv, mysqlTarget, mysqlUrl, setting } from './scripts/ddl/drizzle-kit-target.js';
import { guardMysqlTarget } from './scripts/ddl/guard-drizzle-kit-target.js';
import { SCHEMA_TABLES } from './scripts/ddl/schema-tables.js';

// The same settings gateway-db reads: the environment over ./.env.
const env = drizzleKitEnv();
const dialect = setting(env, 'DB_DIALECT') ?? 'sqlite';
if (dialect !== 'sqlite' && dialect !== 'mysql') {
  throw new Error(`DB_DIALECT must be "sqlite" or "mysql", got "${dialect}"`);
}

/**
 * drizzle-kit prefixes `out` with `./` when it reads the snapshots back, so an absolute path turns into
 * `.//abs/path`, the read fails, and drizzle-kit prints the error and exits 0 having written nothing.
 */
function outFolder(fallback: string): string {
  const out = process.env.DRIZZLE_OUT ?? fallback;
  return isAbsolute(out) ? relative(process.cwd(), out) || '.' : out;
}

const common = {
  // Only the schema's tables: push never proposes dropping bookkeeping tables or anyone else's.
  tablesFilter: [...SCHEMA_TABLES],
  strict: true,
  verbose: false,
};

function mysqlConfig() {
  guardMysqlTarget(SCHEMA_TABLES);
  return defineConfig({
    ...common,
    dialect: 'mysql',
    schema: './packages/schema/src/mysql.ts',
    out: outFolder('./packages/schema/drizzle/mysql'),
    dbCredentials: { url: mysqlUrl(mysqlTarget(env)) },
  });
}

export default dialect === 'mysql'
  ? mysqlConfig()
  : defineConfig({
      ...common,
      dialect: 'sqlite',
      schema: './packages/schema/src/sqlite.ts',
      out: outFolder('./packages/schema/drizzle/sqlite'),
      dbCredentials: { url: setting(env, 'SQLITE_PATH') ?? './data/gateway.sqlite' },
    });
