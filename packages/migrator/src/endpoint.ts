/**
 * Where data comes from or goes to: `sqlite:PATH` (a legacy sql.js file or a gateway-db SQLite store) or
 * `mysql://user:pass@host:port/db`. `describeEndpoint` is the only form that reaches logs and reports: no password.
 */
import { resolve } from 'node:path';
import { MigrationError } from './errors.js';

export interface MysqlEndpointConfig {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

export type Endpoint =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'mysql'; readonly mysql: MysqlEndpointConfig };

/** Parses `sqlite:PATH`, a bare path, or `mysql://...`; an `Endpoint` object is taken as it is. */
export function parseEndpoint(text: string | Endpoint): Endpoint {
  if (typeof text !== 'string') return text.dialect === 'sqlite' ? { dialect: 'sqlite', path: resolve(text.path) } : text;
  if (/^mysql:\/\//i.test(text)) return { dialect: 'mysql', mysql: parseMysqlUrl(text) };
  const path = text.startsWith('sqlite:') ? text.slice('sqlite:'.length) : text;
  if (path === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    throw new MigrationError({
      code: 'CONFIG',
      message: 'An endpoint must be sqlite:PATH or mysql://user:pass@host:port/db',
    });
  }
  return { dialect: 'sqlite', path: resolve(path) };
}

function parseMysqlUrl(text: string): MysqlEndpointConfig {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new MigrationError({ code: 'CONFIG', message: 'The MySQL endpoint is not a valid URL (mysql://user:pass@host:port/db)' });
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (database === '') {
    throw new MigrationError({ code: 'CONFIG', message: 'The MySQL endpoint names no database (mysql://user:pass@host:port/db)' });
  }
  return {
    host: url.hostname || 'localhost',
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database,
  };
}

/** For logs and reports: never the password. */
export function describeEndpoint(endpoint: Endpoint): string {
  if (endpoint.dialect === 'sqlite') return `sqlite:${endpoint.path}`;
  const { user, host, port, database } = endpoint.mysql;
  return `mysql://${user}@${host}:${port}/${database}`;
}
