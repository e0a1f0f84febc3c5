/**
 * Where drizzle-kit (drizzle.config.ts) and its MySQL pre-flight connect: the store gateway-db would open from the
 * same settings. The environment over the `.env` file of the working directory (real variables win), DB_DIALECT,
 * SQLITE_PATH, and MYSQL_URL or else MYSQL_HOST / MYSQL_PORT / MYSQL_USER / MYSQL_PASSWORD / MYSQL_DATABASE, with
 * gateway-db's defaults. No import.meta and no workspace package imports here: drizzle-kit loads drizzle.config.ts
 * (and so this file) with `require`.
 */
import { join } from 'node:path';
import { type Env, environmentWithEnvFile, envValue } from '../../packages/core/src/config-values.js';

export interface MysqlTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

// Same rule as gateway-db's config: the name goes into backticks in CREATE DATABASE.
const DATABASE_NAME = /^[A-Za-z0-9_$-]{1,64}$/;

/** A setting as gateway-db reads it: trimmed, empty means unset. */
export const setting = envValue;

/** process.env over ./.env, as gateway-db reads them. */
export function drizzleKitEnv(env: Env = process.env): Env {
  return environmentWithEnvFile(env, join(process.cwd(), '.env'));
}

export function mysqlTarget(env: Env = drizzleKitEnv()): MysqlTarget {
  const urlText = envValue(env, 'MYSQL_URL');
  const url = urlText ? new URL(urlText) : undefined;
  // As in gateway-db: a URL describes the whole server, and the single MYSQL_* variables are then ignored.
  const single = (name: string) => (url ? undefined : envValue(env, name));
  const database =
    (url && decodeURIComponent(url.pathname.replace(/^\//, ''))) || single('MYSQL_DATABASE') || 'llm_gateway';
  if (!DATABASE_NAME.test(database)) {
    throw new Error(`MYSQL_DATABASE must be 1-64 characters of letters, digits, _, $ or -, got "${database}"`);
  }
  return {
    host: url?.hostname || single('MYSQL_HOST') || 'localhost',
    port: Number(url?.port || single('MYSQL_PORT') || 3306),
    user: (url?.username && decodeURIComponent(url.username)) || single('MYSQL_USER') || 'root',
    password: (url?.password && decodeURIComponent(url.password)) || single('MYSQL_PASSWORD') || '',
    database,
  };
}

/** mysql://user:password@host:port/database for drizzle-kit's `dbCredentials.url`. */
export function mysqlUrl(target: MysqlTarget): string {
  const password = target.password ? `:${encodeURIComponent(target.password)}` : '';
  return `mysql://${encodeURIComponent(target.user)}${password}@${target.host}:${target.port}/${target.database}`;
}
