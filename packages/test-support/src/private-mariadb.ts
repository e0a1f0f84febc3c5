/**
 * A MariaDB server of a test's own, for fault tests that stop, pause, fill or reconfigure "the database": the
 * shared server of the run (other engineers' tests use it) must never be touched that way. Each instance gets a
 * fresh data folder under the run's temp folder, a free port on 127.0.0.1, root without a password, and is
 * stopped (SIGCONT, SIGTERM, then SIGKILL) and its folder removed by `stop()`, by `usePrivateMariadb`'s afterAll,
 * and at the latest when the test process exits.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import type { MysqlServer } from './mysql-server.js';
import { mountTmpfs, type TmpfsDisk } from './tmpfs-disk.js';

const run = promisify(execFile);

export interface PrivateMariadbOptions {
  /**
   * Server options for both `mariadb-install-db` and `mariadbd` (they must agree on e.g. `--innodb-data-file-path`),
   * after the small defaults below, so they may override them: `['--max-allowed-packet=1M']`.
   */
  readonly serverArgs?: readonly string[];
  /** ms to wait for the server to answer after each start. Default 30,000. */
  readonly startTimeoutMs?: number;
  /**
   * Puts the data folder on a tmpfs of this many MiB (at least 48: a fresh data folder takes about 30), so the
   * server's writes can end in a genuine ENOSPC (`fillDisk`). Mounting needs root (CAP_SYS_ADMIN): without it the
   * start fails and says so. Default: no tmpfs.
   */
  readonly diskMiB?: number;
}

export interface PrivateMariadb extends MysqlServer {
  readonly dataDir: string;
  /** The mariadbd process id (changes on restart). */
  readonly pid: number;
  /** `mysql://root@127.0.0.1:<port>/<database>` */
  url(database: string): string;
  /** Runs one statement as root on a new connection (no database selected) and returns its rows. */
  admin(sql: string): Promise<mysql.RowDataPacket[]>;
  /**
   * SIGSTOP, resolved once every thread of the server is stopped: it keeps its sockets (the kernel still accepts
   * connections) but answers nothing, as a hung server or a long partition.
   */
  pause(): Promise<void>;
  /** SIGCONT after `pause()`. */
  resume(): void;
  /** Stops the server (SIGTERM, waits) and starts it again on the same port and data, with `serverArgs` if given. */
  restart(serverArgs?: readonly string[]): Promise<void>;
  /** Stops the server (SIGTERM, waits), keeping its port and data for `start()`: clients see connections refused. */
  shutdown(): Promise<void>;
  /** Starts a server stopped by `shutdown()` (or killed) again on the same port and data. */
  start(): Promise<void>;
  /** With `diskMiB`: takes all free space of the tmpfs but `leaveBytes` with a filler file; returns its size. */
  fillDisk(leaveBytes: number): number;
  /** Removes the filler file of `fillDisk`. */
  freeDisk(): void;
  /** Stops the server and removes its data folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Small enough to start in about a second on a busy 2-core machine; `serverArgs` come after and win. */
const SMALL_SERVER = [
  '--innodb-buffer-pool-size=16M',
  '--innodb-log-file-size=4M',
  '--performance-schema=OFF',
  '--skip-log-bin',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_unicode_ci',
];
const STOP_WAIT_MS = 15_000;

/** A port nothing listens on now (the kernel's choice); a clash with a later listener fails the start loudly. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port was assigned');
  return address.port;
}

function asRoot(): string[] {
  // mariadbd refuses to run as root unless told to.
  return process.getuid?.() === 0 ? ['--user=root'] : [];
}

/** The last lines of a server's error log, for a failed start. */
export function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-8).join('\n');
  } catch {
    return '(no error log)';
  }
}

/** Every thread of `pid` in state T (stopped), read from /proc. */
function allThreadsStopped(pid: number): boolean {
  try {
    return readdirSync(`/proc/${pid}/task`).every((task) => {
      // The state follows the command name in parentheses, which may itself hold spaces.
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      return /^[Tt]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3));
    });
  } catch {
    return false;
  }
}

async function answers(port: number): Promise<boolean> {
  try {
    const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1_000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `child` has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Creates a data folder, starts mariadbd on a free port and waits until root can log in. */
export async function startPrivateMariadb(options: PrivateMariadbOptions = {}): Promise<PrivateMariadb> {
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const folder = mkdtempSync(join(tmpdir(), 'private-mariadb-'));
  const diskDir = join(folder, 'disk');
  const dataDir = join(diskDir, 'data');
  const errorLog = join(folder, 'error.log');
  // On a small disk the system tablespace must grow 1 MiB at a time, not InnoDB's 64 MiB (it would not fit at all).
  const onDisk = options.diskMiB === undefined ? [] : ['--innodb-autoextend-increment=1'];
  let args = [...SMALL_SERVER, ...onDisk, ...(options.serverArgs ?? [])];
  let child: ChildProcess | undefined;
  let port = 0;
  let stopped = false;
  let disk: TmpfsDisk | undefined;

  const killNow = () => {
    if (child?.pid && child.exitCode === null) {
      process.kill(child.pid, 'SIGCONT');
      process.kill(child.pid, 'SIGKILL');
    }
  };
  // The last resort when afterAll never runs (a crash of the test process): no mariadbd outlives its test file.
  process.once('exit', killNow);

  const launch = async () => {
    const launched = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        `--port=${port}`,
        `--socket=${join(folder, 'sock')}`,
        '--bind-address=127.0.0.1',
        `--log-error=${errorLog}`,
        `--pid-file=${join(folder, 'mariadbd.pid')}`,
        ...asRoot(),
        ...args,
      ],
      { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin` } },
    );
    child = launched;
    const deadline = Date.now() + startTimeoutMs;
    while (!(await answers(port))) {
      if (launched.exitCode !== null || launched.signalCode !== null) {
        throw new Error(`mariadbd exited during its start (port ${port}):\n${logTail(errorLog)}`);
      }
      if (Date.now() > deadline) {
        killNow();
        throw new Error(`mariadbd did not answer within ${startTimeoutMs} ms (port ${port}):\n${logTail(errorLog)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const halt = async () => {
    const running = child;
    if (!running?.pid || running.exitCode !== null || running.signalCode !== null) return;
    process.kill(running.pid, 'SIGCONT');
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), STOP_WAIT_MS);
    await exited(running);
    clearTimeout(timer);
  };

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      await halt();
    } finally {
      process.removeListener('exit', killNow);
      try {
        disk?.unmount();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    }
  };

  try {
    mkdirSync(diskDir);
    if (options.diskMiB !== undefined) disk = mountTmpfs(diskDir, options.diskMiB);
    await run(
      'mariadb-install-db',
      [
        '--no-defaults',
        `--datadir=${dataDir}`,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        ...asRoot(),
        ...args,
      ],
      { timeout: startTimeoutMs, env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin` } },
    );
    // The port may be taken between the probe and the start by another process: try another one.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await launch();
        break;
      } catch (error) {
        const clash = existsSync(errorLog) && /Address already in use/.test(readFileSync(errorLog, 'utf8'));
        if (!clash || attempt >= 3) throw error;
      }
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const server: PrivateMariadb = {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user: 'root',
    password: '',
    source: 'a private mariadbd of this test file',
    dataDir,
    get pid() {
      return child?.pid ?? 0;
    },
    url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
    admin: async (sql) => {
      const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 5_000 });
      try {
        const [rows] = await connection.query<mysql.RowDataPacket[]>(sql);
        return rows;
      } finally {
        await connection.end().catch(() => undefined);
      }
    },
    pause: async () => {
      const pid = child?.pid;
      if (!pid) return;
      process.kill(pid, 'SIGSTOP');
      // The signal is sent at once but a thread running on another core stops a moment later.
      for (let i = 0; i < 100 && !allThreadsStopped(pid); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    resume: () => {
      if (child?.pid) process.kill(child.pid, 'SIGCONT');
    },
    restart: async (serverArgs) => {
      await halt();
      if (serverArgs) args = [...SMALL_SERVER, ...onDisk, ...serverArgs];
      await launch();
    },
    shutdown: halt,
    start: launch,
    fillDisk: (leaveBytes) => {
      if (!disk) throw new Error('fillDisk needs the diskMiB option');
      return disk.fill(leaveBytes);
    },
    freeDisk: () => disk?.free(),
    stop,
  };
  return server;
}
