/** The last resort for MySQL tests: a mysql:8.0 container started by testcontainers, when a Docker engine answers. */
import type { MysqlServer } from './mysql-server.js';

export interface StartedMysqlServer extends MysqlServer {
  stop(): Promise<void>;
}

/** Starts mysql:8.0, or returns undefined when no Docker engine answers. Throws when the container fails to start. */
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
