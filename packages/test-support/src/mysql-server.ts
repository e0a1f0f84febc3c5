/**
 * Where MySQL tests get their server, in this order:
 * 1. MYSQL_URL, or MYSQL_HOST (+ MYSQL_PORT/USER/PASSWORD) from the environment (CI: MariaDB on 127.0.0.1:3306);
 * 2. a Docker engine: testcontainers starts mysql:8.0;
 * 3. neither: every MySQL test FAILS with `NO_SERVER_MESSAGE` (they never pass by skipping).
 */
export interface MysqlServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** How it was found, for the test log. */
  readonly source: string;
}

export const NO_SERVER_MESSAGE =
  'MySQL tests need a server and none was found. Either set MYSQL_HOST (and MYSQL_PORT, MYSQL_USER, ' +
  'MYSQL_PASSWORD) or MYSQL_URL to a MySQL 8.0 / MariaDB server the tests may create databases on, or start a ' +
  'Docker engine so testcontainers can run mysql:8.0. To run only the SQLite tests: TEST_DIALECTS=sqlite.';

export function mysqlServerFromEnv(env: NodeJS.ProcessEnv = process.env): MysqlServer | undefined {
  if (env.MYSQL_URL) {
    const url = new URL(env.MYSQL_URL);
    return {
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username || 'root'),
      password: decodeURIComponent(url.password),
      source: 'MYSQL_URL',
    };
  }
  if (env.MYSQL_HOST) {
    return {
      host: env.MYSQL_HOST,
      port: Number(env.MYSQL_PORT ?? 3306),
      user: env.MYSQL_USER ?? 'root',
      password: env.MYSQL_PASSWORD ?? '',
      source: 'MYSQL_HOST',
    };
  }
  return undefined;
}

export interface StartedMysqlServer extends MysqlServer {
  stop(): Promise<void>;
}

/** Starts mysql:8.0 with testcontainers, or returns undefined when no Docker engine answers. */
export async function startMysqlContainer(): Promise<StartedMysqlServer | undefined> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  try {
    await getContainerRuntimeClient();
  } catch {
    return undefined;
  }
  const { MySqlContainer } = await import('@testcontainers/mysql');
  const container = await new MySqlContainer('mysql:8.0')
    .withCommand(['--character-set-server=utf8mb4', '--collation-server=utf8mb4_unicode_ci'])
    .start();
  return {
    host: container.getHost(),
    port: container.getPort(),
    user: 'root',
    password: container.getRootPassword(),
    source: 'testcontainers mysql:8.0',
    stop: async () => {
      await container.stop();
    },
  };
}
