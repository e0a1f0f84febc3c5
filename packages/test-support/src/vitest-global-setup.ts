/** Vitest global setup: finds (or starts) the MySQL server once per run and hands it to the test files. */
import type { TestProject } from 'vitest/node';
import { type MysqlServer, NO_SERVER_MESSAGE, mysqlServerFromEnv, startMysqlContainer } from './mysql-server.js';
import { testDialects } from './dialects.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mysqlServer: MysqlServer | { error: string };
    testRunId: string;
  }
}

export default async function setup(project: TestProject) {
  project.provide('testRunId', `${Date.now().toString(36)}${process.pid.toString(36)}`);
  if (!testDialects().includes('mysql')) {
    project.provide('mysqlServer', { error: 'MySQL is not in TEST_DIALECTS' });
    return;
  }
  const fromEnv = mysqlServerFromEnv();
  if (fromEnv) {
    console.log(`[test-support] MySQL tests use ${fromEnv.host}:${fromEnv.port} (${fromEnv.source})`);
    project.provide('mysqlServer', fromEnv);
    return;
  }
  const started = await startMysqlContainer();
  if (!started) {
    console.error(`[test-support] ${NO_SERVER_MESSAGE}`);
    project.provide('mysqlServer', { error: NO_SERVER_MESSAGE });
    return;
  }
  console.log(`[test-support] MySQL tests use ${started.source} on port ${started.port}`);
  const { stop, ...server } = started;
  project.provide('mysqlServer', server);
  return stop;
}
