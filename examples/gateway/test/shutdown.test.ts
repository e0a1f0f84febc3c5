/**
 * SIGTERM while the database does not answer, on the gateway process with node receiving the signal itself, as in
 * the container (which runs the compiled `node dist/main.js`, see production-bundle.test.ts; here the sources run
 * through `node --import tsx --conditions=source src/main.ts`). Before, the buffered log rows were dropped at once
 * and the process exited 0; now it keeps trying for SHUTDOWN_FLUSH_MS, writes them when the server answers again,
 * and exits 1 (saying how many were lost) when it never does.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usePrivateMariadb } from '@gateway-db/test-support';
import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';

const GATEWAY_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_TOKEN = 'shutdown-test-admin-token-5a1e';

interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly keyValue: string;
  output(): string;
  exited(): Promise<number | null>;
}

async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/main.ts', '--seed'], {
    cwd: GATEWAY_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = new Promise<{ url: string; keyValue: string }>((resolve, reject) => {
    let keyValue = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      keyValue ||= /virtual key \(shown only now\): (\S+)/.exec(output)?.[1] ?? '';
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ url, keyValue });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then((code) => reject(new Error(`the gateway exited (${code}) before listening:\n${output}`)));
  });
  const { url, keyValue } = await started;
  return { child, url, keyValue, output: () => output, exited: () => exit };
}

async function storedRequests(port: number, database: string): Promise<number> {
  const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${database}.api_requests`);
    return Number(rows[0]?.n);
  } finally {
    await connection.end();
  }
}

describe('the gateway process on SIGTERM while MySQL does not answer', () => {
  const server = usePrivateMariadb();
  let running: GatewayProcess | undefined;
  afterEach(async () => {
    server().resume();
    if (running?.child.exitCode === null) running.child.kill('SIGKILL');
    running = undefined;
  });

  async function gatewayWithBufferedRows(database: string, shutdownFlushMs: number, requests: number) {
    running = await startGatewayProcess({
      DB_DIALECT: 'mysql',
      MYSQL_URL: server().url(database),
      MYSQL_STATEMENT_TIMEOUT_MS: '1000',
      MYSQL_ACQUIRE_TIMEOUT_MS: '1000',
      DB_PATH: '/nonexistent/gateway-db-tests/gateway.db',
      PORT: '0',
      FAKE_UPSTREAM_PORT: '0',
      FAKE_UPSTREAM_LATENCY_MS: '0',
      ADMIN_TOKEN,
      // Rows stay in memory until the shutdown.
      LOG_FLUSH_INTERVAL_MS: '600000',
      SHUTDOWN_FLUSH_MS: String(shutdownFlushMs),
    });
    const gateway = running;
    for (let i = 0; i < requests; i++) {
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.keyValue}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: `request ${i}` }] }),
      });
      expect(res.status).toBe(200);
      await res.text();
    }
    return gateway;
  }

  it('writes the buffered rows once the server answers again within SHUTDOWN_FLUSH_MS, and exits 0', async () => {
    const gateway = await gatewayWithBufferedRows('gw_shutdown_ok', 15_000, 20);
    await server().pause();
    gateway.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(gateway.child.exitCode).toBeNull();
    server().resume();
    expect(await gateway.exited()).toBe(0);
    expect(gateway.output()).toMatch(/log rows written 20, rejected 0, dropped 0, lost 0/);
    expect(await storedRequests(server().port, 'gw_shutdown_ok')).toBe(20);
  });

  it('exits 1 and says how many rows were lost when the server stays silent past SHUTDOWN_FLUSH_MS', async () => {
    const gateway = await gatewayWithBufferedRows('gw_shutdown_lost', 2_000, 5);
    await server().pause();
    const signalled = Date.now();
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited()).toBe(1);
    // The bound plus one statement's time-out at most (1 s acquire + 1 s statement here).
    expect(Date.now() - signalled).toBeLessThan(2_000 + 2_000 + 2_000);
    expect(gateway.output()).toMatch(/lost 5/);
  });
});
