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
  /**
   * Further servers of the same database, tried in order when the one in use refuses connections (the nodes of a
   * Galera cluster): `mysql://user:pw@node1:3306,node2:3306,node3/db`. `port` undefined: the first host's.
   */
  readonly moreHosts?: readonly { readonly host: string; readonly port?: string }[];
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
  // `URL` takes one host: the first stays in the URL, the others are split off here.
  const authority = /^([^:/?#]+:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/s.exec(url);
  const hostList = authority?.[3]?.split(',') ?? [];
  const moreHosts = hostList.slice(1).map((entry) => hostAndPort(entry.trim(), setting));
  const single =
    authority && hostList.length > 1 ? `${authority[1]}${authority[2] ?? ''}${hostList[0]}${authority[4]}` : url;
  let parsed: URL;
  try {
    parsed = new URL(single);
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
    ...(moreHosts.length > 0 ? { moreHosts } : {}),
  };
}

/** `host` or `host:port` of a host list (`[v6]:port` too); a malformed entry is named by its position only. */
export function hostAndPort(entry: string, setting: string): { host: string; port?: string } {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(entry);
  if (!match?.[1]) {
    throw new GatewayDbError({
      code: 'CONFIG',
      message: `${setting} lists a host that is not host or host:port: expected host1:3306,host2:3306`,
    });
  }
  return { host: match[1].replace(/^\[|\]$/g, ''), ...(match[2] ? { port: match[2] } : {}) };
}
