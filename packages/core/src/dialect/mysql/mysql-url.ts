/**
 * The one parser of MySQL/MariaDB URLs (`MYSQL_URL`, the migrator's `--from`/`--to`):
 * `mysql://user:password@host:3306/database` or the same with `mariadb://`. A URL holds the password, so no
 * message here ever repeats it: a bad URL is named by the setting it came from, and only its scheme is quoted.
 */
import { GatewayDbError } from '../../errors.js';

/** The schemes accepted, as `URL.protocol` spells them. */
export const MYSQL_URL_SCHEMES: readonly string[] = ['mysql:', 'mariadb:'];

const EXAMPLE = 'mysql://user:password@host:3306/database (or mariadb://...)';

/** The parts a URL gave; each is undefined when the URL leaves it out (the caller's defaults apply). */
export interface MysqlUrlParts {
  readonly host?: string;
  readonly port?: string;
  readonly user?: string;
  readonly password?: string;
  readonly database?: string;
}

/** Whether `text` starts like a MySQL/MariaDB URL (`mysql://` or `mariadb://`, any letter case). */
export function isMysqlUrl(text: string): boolean {
  return /^(?:mysql|mariadb):\/\//i.test(text);
}

/**
 * Splits a URL into its parts, percent-decoding user, password and database. Throws GatewayDbError `CONFIG`
 * naming `setting` (default `MYSQL_URL`) when it is not a URL or has another scheme.
 */
export function parseMysqlUrl(url: string, setting = 'MYSQL_URL'): MysqlUrlParts {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new GatewayDbError({ code: 'CONFIG', message: `${setting} is not a valid URL: expected ${EXAMPLE}` });
  }
  if (!MYSQL_URL_SCHEMES.includes(parsed.protocol)) {
    // The scheme is what precedes the first colon: at most a user name, never the password.
    throw new GatewayDbError({
      code: 'CONFIG',
      message: `${setting} must start with mysql:// or mariadb:// (got ${parsed.protocol}//): expected ${EXAMPLE}`,
    });
  }
  const decode = (part: string): string | undefined => {
    try {
      return part === '' ? undefined : decodeURIComponent(part);
    } catch {
      throw new GatewayDbError({
        code: 'CONFIG',
        message: `${setting} holds a malformed %-escape: expected ${EXAMPLE}`,
      });
    }
  };
  return {
    host: parsed.hostname || undefined,
    port: parsed.port || undefined,
    user: decode(parsed.username),
    password: decode(parsed.password),
    database: decode(parsed.pathname.replace(/^\//, '')),
  };
}
