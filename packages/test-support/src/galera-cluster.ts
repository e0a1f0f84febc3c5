/**
 * A 3-node MariaDB Galera cluster of a test's own, on loopback ports, for the scale-out tests: gateways write
 * through different nodes at once, and a node may be killed. Galera's state transfer (rsync) fails when the
 * server runs as root, so the nodes run as the `mysql` user, with data folders it owns under a folder of the run's
 * temp dir. Every node is stopped by its PID and the folder removed by `stop()` (and at the latest when the test
 * process exits). The application logs in as a user granted only its database.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import mysql from 'mysql2/promise';
import { exited, freePort, logTail } from './private-mariadb.js';
import { useStarted } from './use-private-mariadb.js';

export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';

export interface GaleraNode {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** Runs statements as root on one connection to this node; returns the rows of the last. */
  admin(...statements: string[]): Promise<mysql.RowDataPacket[]>;
  /** SIGKILL, resolved once the process is gone. */
  kill(): Promise<void>;
}

export interface GaleraCluster {
  readonly nodes: readonly GaleraNode[];
  readonly database: string;
  readonly password: string;
  /** `mysql://app:<password>@127.0.0.1:<port>[,127.0.0.1:<port>...]/<database>` over the given nodes, in order. */
  appUrl(...nodes: GaleraNode[]): string;
  stop(): Promise<void>;
}

const DATABASE = 'gw_galera';
const APP_USER = 'app';
const APP_PASSWORD = 'galera-app-pw-8e2f';
const STOP_WAIT_MS = 15_000;

async function rootConnection(port: number): Promise<mysql.Connection> {
  return mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2_000 });
}

/** Waits until the node answers as a synced member of a primary component. */
async function synced(port: number, child: ChildProcess, errorLog: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`a Galera node exited during its start (port ${port}):\n${logTail(errorLog)}`);
    }
    try {
      const connection = await rootConnection(port);
      try {
        const [rows] = await connection.query<mysql.RowDataPacket[]>(
          "SHOW STATUS WHERE Variable_name IN ('wsrep_local_state_comment', 'wsrep_cluster_status')",
        );
        const status = Object.fromEntries(rows.map((row) => [row.Variable_name, row.Value]));
        if (status.wsrep_local_state_comment === 'Synced' && status.wsrep_cluster_status === 'Primary') return;
      } finally {
        await connection.end().catch(() => undefined);
      }
    } catch {
      // Not answering yet.
    }
    if (Date.now() > deadline) {
      throw new Error(`a Galera node did not sync within ${timeoutMs} ms (port ${port}):\n${logTail(errorLog)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Adds search (x) permission for others to `dir` and the folders above it that this process owns. */
function letThrough(dir: string): void {
  for (let current = dir; current !== dirname(current); current = dirname(current)) {
    const stat = statSync(current);
    if (stat.uid !== process.getuid?.()) continue;
    if ((stat.mode & 0o001) === 0) chmodSync(current, (stat.mode & 0o7777) | 0o011);
  }
}

export async function startGaleraCluster(size = 3, startTimeoutMs = 90_000): Promise<GaleraCluster> {
  const folder = mkdtempSync(join(tmpdir(), 'galera-'));
  // The nodes run as mysql: every folder above theirs must let it through (the run's temp folder is 0700).
  chmodSync(folder, 0o755);
  letThrough(dirname(folder));
  const children: ChildProcess[] = [];
  const killAll = () => {
    for (const child of children) if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
  };
  process.once('exit', killAll);

  const ports: { sql: number; group: number; ist: number; sst: number }[] = [];
  for (let i = 0; i < size; i++) {
    ports.push({ sql: await freePort(), group: await freePort(), ist: await freePort(), sst: await freePort() });
  }
  const members = ports.map((port) => `127.0.0.1:${port.group}`).join(',');

  const startNode = async (index: number, bootstrap: boolean): Promise<GaleraNode> => {
    const port = ports[index];
    if (!port) throw new Error(`no ports for node ${index}`);
    const name = `node${index + 1}`;
    const dir = join(folder, name);
    const dataDir = join(dir, 'data');
    const errorLog = join(dir, 'error.log');
    mkdirSync(dataDir, { recursive: true });
    execFileSync('chown', ['-R', 'mysql:mysql', dir]);
    const common = [
      '--no-defaults',
      `--datadir=${dataDir}`,
      // Its own temp folder: the run's (TMPDIR) is not writable by mysql.
      `--tmpdir=${dir}`,
      '--user=mysql',
      '--innodb-buffer-pool-size=32M',
      '--innodb-log-file-size=8M',
      '--performance-schema=OFF',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--binlog-format=ROW',
      '--innodb-autoinc-lock-mode=2',
    ];
    try {
      execFileSync('mariadb-install-db', [...common, '--auth-root-authentication-method=normal', '--skip-test-db'], {
        stdio: 'pipe',
        env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin` },
      });
    } catch (error) {
      const output = String((error as { stderr?: Buffer }).stderr ?? '');
      throw new Error(`mariadb-install-db failed for ${name}:\n${output.trim().split('\n').slice(-8).join('\n')}`);
    }
    const child = spawn(
      'mariadbd',
      [
        ...common,
        `--port=${port.sql}`,
        `--socket=${join(dir, 'sock')}`,
        '--bind-address=127.0.0.1',
        `--log-error=${errorLog}`,
        `--pid-file=${join(dir, 'mariadbd.pid')}`,
        '--wsrep-on=ON',
        `--wsrep-provider=${GALERA_PROVIDER}`,
        `--wsrep-cluster-address=gcomm://${bootstrap ? '' : members}`,
        `--wsrep-provider-options=gmcast.listen_addr=tcp://127.0.0.1:${port.group};ist.recv_addr=127.0.0.1:${port.ist}`,
        `--wsrep-sst-receive-address=127.0.0.1:${port.sst}`,
        '--wsrep-node-address=127.0.0.1',
        `--wsrep-node-name=${name}`,
        '--wsrep-cluster-name=gateway-db-test',
        '--wsrep-sst-method=rsync',
      ],
      { stdio: 'ignore', env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/bin` } },
    );
    children.push(child);
    await synced(port.sql, child, errorLog, startTimeoutMs);
    return {
      name,
      port: port.sql,
      get pid() {
        return child.pid ?? 0;
      },
      admin: async (...statements) => {
        const connection = await rootConnection(port.sql);
        try {
          let rows: mysql.RowDataPacket[] = [];
          for (const sql of statements) [rows] = await connection.query<mysql.RowDataPacket[]>(sql);
          return rows;
        } finally {
          await connection.end().catch(() => undefined);
        }
      },
      kill: async () => {
        if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
        await exited(child);
      },
    };
  };

  const nodes: GaleraNode[] = [];
  const stop = async () => {
    for (const child of children) {
      if (!child.pid || child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_WAIT_MS);
      await exited(child);
      clearTimeout(timer);
    }
    process.removeListener('exit', killAll);
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    for (let i = 0; i < size; i++) nodes.push(await startNode(i, i === 0));
    const [first] = nodes;
    if (!first) throw new Error('no Galera node started');
    await first.admin(`CREATE DATABASE ${DATABASE} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await first.admin(`CREATE USER '${APP_USER}'@'127.0.0.1' IDENTIFIED BY '${APP_PASSWORD}'`);
    await first.admin(`GRANT ALL ON ${DATABASE}.* TO '${APP_USER}'@'127.0.0.1'`);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    nodes,
    database: DATABASE,
    password: APP_PASSWORD,
    appUrl: (...chosen) =>
      `mysql://${APP_USER}:${APP_PASSWORD}@${chosen.map((node) => `127.0.0.1:${node.port}`).join(',')}/${DATABASE}`,
    stop,
  };
}

/** Starts a cluster before the tests of the file and stops it after them; returns a getter. */
export function useGaleraCluster(size = 3): () => GaleraCluster {
  return useStarted('the Galera cluster', () => startGaleraCluster(size), { startMs: 180_000, stopMs: 60_000 });
}
