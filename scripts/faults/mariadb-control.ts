/**
 * Stopping and starting the local MariaDB for fault scripts. Other engineers' tests use the same server, so every
 * script that stops it calls `ensureMariadbRunning()` in a `finally`, and outages are kept short.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
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
