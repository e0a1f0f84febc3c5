/**
 * Chooses the MySQL server of a test run, in this order:
 * 1. the one configured for the data layer: MYSQL_URL or MYSQL_HOST/PORT/USER/PASSWORD in the environment, else in
 *    the `.env` file (CI: MariaDB on 127.0.0.1:3306). It must answer: a configured server that does not is an
 *    error to fix, never silently replaced by another one;
 * 2. nothing configured: the data layer's default, localhost:3306 as root without a password, if it answers;
 * 3. a Docker engine: testcontainers starts mysql:8.0;
 * 4. none of them: every MySQL test FAILS with a message that says what to provide (they never pass by skipping).
 */
import { type Env, isGatewayDbError } from '@gateway-db/core';
import { type StartedMysqlServer, startMysqlContainer } from './mysql-container.js';
import { type ProbeResult, probeMysqlServer } from './mysql-probe.js';
import { configuredMysqlServer, type MysqlServer, NO_SERVER_MESSAGE } from './mysql-server.js';

export type FoundMysqlServer =
  | { readonly server: MysqlServer; readonly version: string; readonly stop?: () => Promise<void> }
  | { readonly error: string };

export interface FindMysqlServerOptions {
  readonly env: Env;
  /** The `.env` file to read (the repository root's); `false` reads none. */
  readonly envFile: string | false;
  /** Replaceable for the tests of this order. */
  readonly probe?: (server: MysqlServer) => Promise<ProbeResult>;
  readonly startContainer?: () => Promise<StartedMysqlServer | undefined>;
}

export async function findMysqlServer(options: FindMysqlServerOptions): Promise<FoundMysqlServer> {
  const { probe = probeMysqlServer, startContainer = startMysqlContainer } = options;
  let configured: ReturnType<typeof configuredMysqlServer>;
  try {
    configured = configuredMysqlServer(options.env, options.envFile);
  } catch (error) {
    if (!isGatewayDbError(error)) throw error;
    return {
      error: `MySQL tests cannot read the MySQL settings: ${error.message}. To run only the SQLite tests: TEST_DIALECTS=sqlite.`,
    };
  }
  const { configured: isConfigured, ...server } = configured;
  const answer = await probe(server);
  if (answer.ok) return { server: answer.server, version: answer.version };
  if (isConfigured) {
    return {
      error:
        `MySQL tests need a server: ${server.source} set it to ${server.user}@${server.host}:${server.port}, and the ` +
        `tests could not log in there (${answer.reason}). Fix those settings so they reach a MySQL 8.0 / MariaDB ` +
        'server the tests may create databases on, or remove them to use localhost:3306 or Docker. To run only the ' +
        'SQLite tests: TEST_DIALECTS=sqlite.',
    };
  }
  let started: StartedMysqlServer | undefined;
  try {
    started = await startContainer();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      error: `${NO_SERVER_MESSAGE} Tried ${server.source}: ${answer.reason}. A Docker engine answered, but mysql:8.0 did not start: ${reason}`,
    };
  }
  if (!started)
    return { error: `${NO_SERVER_MESSAGE} Tried ${server.source}: ${answer.reason}; and no Docker engine answered.` };
  const { stop, ...container } = started;
  return { server: container, version: 'mysql:8.0', stop };
}
