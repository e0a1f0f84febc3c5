/**
 * The MySQL server the tests use, read with the data layer's own rules (`loadConfig` of @gateway-db/core): the
 * environment first, then the `.env` file, then the defaults (localhost:3306, user root, no password).
 * find-mysql-server.ts decides which one the run uses; this file only says what is configured, and where.
 */
import { type Env, loadConfig } from '@gateway-db/core';
import { environmentWithEnvFile } from '@gateway-db/core/config-values.js';

export interface MysqlServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** How it was found, for the test log. */
  readonly source: string;
}

/** The variables that say which server to reach (MYSQL_DATABASE does not: each test file makes its own database). */
export const MYSQL_SERVER_VARIABLES = [
  'MYSQL_URL',
  'MYSQL_HOST',
  'MYSQL_PORT',
  'MYSQL_USER',
  'MYSQL_PASSWORD',
] as const;

/** What to provide, for every message that ends the search without a server. */
export const NO_SERVER_MESSAGE =
  'MySQL tests need a server and none was found. Either set MYSQL_HOST (and MYSQL_PORT, MYSQL_USER, ' +
  'MYSQL_PASSWORD) or MYSQL_URL, in the environment or in the .env file of the repository root, to a MySQL 8.0 / ' +
  'MariaDB server the tests may create databases on; or run one on localhost:3306 that lets root in without a ' +
  'password; or start a Docker engine so testcontainers can run mysql:8.0. To run only the SQLite tests: ' +
  'TEST_DIALECTS=sqlite.';

function setIn(env: Env): string[] {
  return MYSQL_SERVER_VARIABLES.filter((name) => (env[name] ?? '').trim() !== '');
}

function serverOf(env: Env, envFile: string | false, source: string): MysqlServer {
  const config = loadConfig({ dialect: 'mysql' }, env, envFile);
  if (config.dialect !== 'mysql') throw new Error('loadConfig ignored dialect: mysql');
  const { host, port, user, password } = config.mysql;
  return { host, port, user, password, source };
}

/**
 * The server the data layer would reach with `env` and the `.env` file at `envFile` (a variable of the environment
 * wins over the same one in the file), and whether anything set it (`configured`) or it is the default.
 * Throws GatewayDbError `CONFIG` when a setting is malformed.
 */
export function configuredMysqlServer(
  env: Env,
  envFile: string | false,
): MysqlServer & { readonly configured: boolean } {
  const inEnv = setIn(env);
  const inFile = setIn(environmentWithEnvFile(env, envFile)).filter((name) => !inEnv.includes(name));
  const sources = [
    ...(inEnv.length > 0 ? [`${inEnv.join(', ')} in the environment`] : []),
    ...(inFile.length > 0 ? [`${inFile.join(', ')} in ${String(envFile)}`] : []),
  ];
  const configured = sources.length > 0;
  const source = configured ? sources.join(' and ') : 'the default (localhost:3306, root, no password)';
  return { ...serverOf(env, envFile, source), configured };
}

/**
 * The server named by the environment alone (MYSQL_URL, or MYSQL_HOST/PORT/USER/PASSWORD), or undefined when none
 * of those is set. For scripts (bench, load) that use MySQL only when asked to.
 */
export function mysqlServerFromEnv(env: Env = process.env): MysqlServer | undefined {
  const inEnv = setIn(env);
  return inEnv.length > 0 ? serverOf(env, false, inEnv.join(', ')) : undefined;
}
