/**
 * Stopping and starting the MariaDB a fault script works on. By default that is a server of the script's own
 * (`openFaultServer('private')`: a mariadbd on a free loopback port, data in the temp folder, removed at the end):
 * the shared server on 3306 is never stopped. `--server system` targets the system's /usr/sbin/mariadbd at
 * MYSQL_HOST/MYSQL_PORT as before; other work uses that server, so every script that stops it calls
 * `ensureRunning()` in a `finally`, and outages are kept short.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startPrivateMariadb } from '../../packages/test-support/src/private-mariadb.js';
import { mysqlServer } from '../load/load-store.js';

const run = promisify(execFile);
const MARIADBD = '/usr/sbin/mariadbd';

function adminArgs(): { args: string[]; env: NodeJS.ProcessEnv } {
  const server = mysqlServer();
  return {
    args: [`-u${server.user}`, `-h${server.host}`, `-P${server.port}`],
    // MYSQL_PWD keeps the password off the command line (ps).
    env: { ...process.env, MYSQL_PWD: server.password },
  };
}

/** True when the server answers a ping (it may still refuse logins, which is enough to know it is up). */
export async function mariadbAnswers(): Promise<boolean> {
  const { args, env } = adminArgs();
  try {
    await run('mysqladmin', [...args, '--connect-timeout=2', 'ping'], { env, timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function daemonRunning(): Promise<boolean> {
  try {
    await run('start-stop-daemon', ['--status', '--exec', MARIADBD]);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return performance.now() - started;
}

/** `mysqladmin shutdown`, then waits until the mariadbd process is gone. */
export async function stopMariadb(): Promise<void> {
  const { args, env } = adminArgs();
  await run('mysqladmin', [...args, 'shutdown'], { env, timeout: 30_000 });
  await waitFor(async () => !(await daemonRunning()), 30_000, 'mariadbd to exit');
}

/** Starts mariadbd in the background and waits until it answers; returns the ms it took. */
export async function startMariadb(timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  await run('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', MARIADBD]);
  await waitFor(mariadbAnswers, timeoutMs, 'MariaDB to answer');
  return performance.now() - started;
}

/** Starts MariaDB unless it already answers (the `finally` of every script that stops it). */
export async function ensureMariadbRunning(): Promise<void> {
  if (await mariadbAnswers()) return;
  // A half-stopped server: let it finish exiting before starting a new one (--oknodo would do nothing).
  await waitFor(async () => !(await daemonRunning()), 30_000, 'mariadbd to exit').catch(() => undefined);
  await startMariadb();
  console.log('MariaDB was restarted and answers again');
}

/** The server a fault script stops and starts. */
export interface FaultServer {
  /** For the script's output: which server, never a password. */
  readonly description: string;
  stop(): Promise<void>;
  /** Starts it again; resolves with the ms until it answered. */
  start(): Promise<number>;
  /** Starts it if it does not answer (the `finally` of every script that stops it). */
  ensureRunning(): Promise<void>;
  /** The end of the script: a private server is stopped and its data removed; the system one is left running. */
  release(): Promise<void>;
}

export type FaultServerKind = 'private' | 'system';

export function faultServerKind(text: string | undefined): FaultServerKind {
  if (text === undefined || text === 'private') return 'private';
  if (text === 'system') return 'system';
  throw new Error(`--server must be private or system, got "${text}"`);
}

/**
 * Opens the server a fault script works on. A private one is started here, and MYSQL_HOST/MYSQL_PORT/MYSQL_USER/
 * MYSQL_PASSWORD of this process point at it (MYSQL_URL is cleared), so the load store, the gateway child process
 * and the admin commands all use it.
 */
export async function openFaultServer(kind: FaultServerKind): Promise<FaultServer> {
  if (kind === 'system') {
    return {
      description: `the system MariaDB (${MARIADBD}) at ${mysqlServer().host}:${mysqlServer().port}`,
      stop: stopMariadb,
      start: (timeoutMs?: number) => startMariadb(timeoutMs),
      ensureRunning: ensureMariadbRunning,
      release: ensureMariadbRunning,
    };
  }
  const server = await startPrivateMariadb();
  Object.assign(process.env, {
    MYSQL_HOST: server.host,
    MYSQL_PORT: String(server.port),
    MYSQL_USER: server.user,
    MYSQL_PASSWORD: server.password,
  });
  delete process.env.MYSQL_URL;
  return {
    description: `a private mariadbd on 127.0.0.1:${server.port} (data under ${server.dataDir})`,
    stop: () => server.shutdown(),
    start: async () => {
      const started = performance.now();
      await server.start();
      return performance.now() - started;
    },
    ensureRunning: async () => {
      if (!(await mariadbAnswers())) await server.start();
    },
    release: () => server.stop(),
  };
}
