/**
 * Vitest global setup, once per run: reads the test database prefix, chooses the MySQL server (find-mysql-server.ts)
 * and hands both to the test files, and gives the run its own temp folder that must be empty at the end.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { testDialects } from './dialects.js';
import { findMysqlServer } from './find-mysql-server.js';
import type { MysqlServer } from './mysql-server.js';
import { useRunTempFolder } from './run-temp-folder.js';
import { testFilesLeftOut } from './test-files.js';
import { testDatabasePrefix } from './test-prefix.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mysqlServer: MysqlServer | { error: string };
    testRunId: string;
    testDatabasePrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const prefix = testDatabasePrefix();
  project.provide('testDatabasePrefix', prefix);
  project.provide('testRunId', `${Date.now().toString(36)}${process.pid.toString(36)}`);
  const dialects = testDialects();
  let stopServer: (() => Promise<void>) | undefined;
  if (dialects.includes('mysql')) {
    // Before TMPDIR moves: testcontainers keeps a lock file in the system temp folder.
    const found = await findMysqlServer({ env: process.env, envFile: join(project.config.root, '.env') });
    if ('error' in found) {
      console.error(`[test-support] ${found.error}`);
      project.provide('mysqlServer', { error: found.error });
    } else {
      const { host, port, user, source } = found.server;
      console.log(`[test-support] MySQL tests use ${user}@${host}:${port} (${found.version}), from ${source}`);
      project.provide('mysqlServer', found.server);
      stopServer = found.stop;
    }
  } else {
    project.provide('mysqlServer', { error: `MySQL is not in TEST_DIALECTS (${dialects.join(', ')})` });
    const leftOut = testFilesLeftOut(dialects);
    if (leftOut.length > 0)
      console.log(
        `[test-support] TEST_DIALECTS=${dialects.join(',')}: not running the MySQL-only ${leftOut.join(', ')}`,
      );
  }
  const tempFolder = useRunTempFolder(prefix);
  return async () => {
    try {
      tempFolder.finish();
    } catch (error) {
      // Vitest only prints an error of a global teardown: the exit code is what fails the run.
      process.exitCode = 1;
      throw error;
    } finally {
      await stopServer?.();
    }
  };
}
