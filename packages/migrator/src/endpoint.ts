/**
 * Where data comes from or goes to: `sqlite:PATH` (a legacy sql.js file or a gateway-db SQLite store) or a MySQL /
 * MariaDB URL (`mysql://user:pass@host:port/db`, `mariadb://...`), read by core's one URL parser and resolved like
 * gateway-db's own MySQL settings (defaults, checks, the password redacted from JSON and inspect).
 * `describeEndpoint` is the only form that reaches logs and reports: no password.
 */
import { resolve } from 'node:path';
import { isGatewayDbError, isMysqlUrl, type MysqlConfig, parseMysqlUrl, resolveMysqlConfig } from '@gateway-db/core';
import { MigrationError } from './errors.js';

export type Endpoint =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'mysql'; readonly mysql: MysqlConfig };

const MYSQL_ENDPOINT = 'The MySQL endpoint';
const FORMS = 'sqlite:PATH or mysql://user:pass@host:port/db (or mariadb://...)';

function mysqlEndpoint(url: string): MysqlConfig {
  try {
    // An endpoint names its database: a copy into a default database by mistake would be costly.
    if (parseMysqlUrl(url, MYSQL_ENDPOINT).database === undefined) {
      throw new MigrationError({
        code: 'CONFIG',
        message: `${MYSQL_ENDPOINT} names no database (mysql://user:pass@host:port/db)`,
      });
    }
    return resolveMysqlConfig({ url }, {}, MYSQL_ENDPOINT);
  } catch (error) {
    if (!isGatewayDbError(error)) throw error;
    throw new MigrationError({ code: error.code, message: error.message, cause: error });
  }
}

/** Parses `sqlite:PATH`, a bare path, or a MySQL/MariaDB URL; an `Endpoint` object is taken as it is. */
export function parseEndpoint(text: string | Endpoint): Endpoint {
  if (typeof text !== 'string')
    return text.dialect === 'sqlite' ? { dialect: 'sqlite', path: resolve(text.path) } : text;
  if (isMysqlUrl(text)) return { dialect: 'mysql', mysql: mysqlEndpoint(text) };
  const path = text.startsWith('sqlite:') ? text.slice('sqlite:'.length) : text;
  if (path === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new MigrationError({ code: 'CONFIG', message: `An endpoint must be ${FORMS}` });
  }
  return { dialect: 'sqlite', path: resolve(path) };
}

/** For logs and reports: never the password. */
export function describeEndpoint(endpoint: Endpoint): string {
  if (endpoint.dialect === 'sqlite') return `sqlite:${endpoint.path}`;
  const { user, host, port, database } = endpoint.mysql;
  return `mysql://${user}@${host}:${port}/${database}`;
}
