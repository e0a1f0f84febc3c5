/**
 * What the container image's two stages do, without Docker (there is no Docker engine where CI runs): the build
 * stage's `scripts/deploy-example-gateway.sh /out` into a temp folder, then the runtime stage's
 * `node dist/main.js` there, with nothing from the workspace in reach (the folder is outside the repository, the
 * environment is a clean one: no `--conditions=source`, no tsx loader). The image itself is checked statically in
 * dockerfile.test.ts.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devOnlyPackages, linksLeaving } from './production-bundle-contents.js';

const require = createRequire(import.meta.url);
const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const ADMIN_TOKEN = 'bundle-test-admin-token-7c2d';

/**
 * The Dockerfile's build stage: scripts/deploy-example-gateway.sh into `bundle`; how long it took, in ms. A build
 * another test runs meanwhile does not disturb it: build-cjs.ts rewrites only what changed, each file at once.
 */
function deploy(bundle: string): number {
  const started = Date.now();
  const run = spawnSync('bash', ['scripts/deploy-example-gateway.sh', bundle], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0)
    throw new Error(`the deploy exited with ${run.status ?? run.signal}:\n${run.stdout}\n${run.stderr}`);
  return Date.now() - started;
}

describe('the production bundle of the example gateway (the image without Docker)', () => {
  let folder: string;
  let bundle: string;
  let deployMs: number;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'gateway-bundle-'));
    bundle = join(folder, 'app');
    deployMs = deploy(bundle);
  });
  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('holds the compiled gateway and gateway-db with its workspace packages, copied, not linked', () => {
    expect(existsSync(join(bundle, 'dist/main.js'))).toBe(true);
    // Only dist/ of the example goes in (package.json `files`): no TypeScript sources, no tests.
    expect(existsSync(join(bundle, 'src'))).toBe(false);
    expect(existsSync(join(bundle, 'test'))).toBe(false);
    const gatewayDb = realpathSync(join(bundle, 'node_modules/gateway-db'));
    expect(existsSync(join(gatewayDb, 'dist/index.js'))).toBe(true);
    const schema = realpathSync(join(gatewayDb, '../@gateway-db/schema'));
    // The migrations createGatewayDb applies at start, all of them.
    const migrations = (root: string) => readdirSync(join(root, 'drizzle'), { recursive: true }).sort();
    expect(migrations(schema)).toEqual(migrations(join(repoRoot, 'packages/schema')));
    expect(migrations(schema)).toContain(join('sqlite', 'meta', '_journal.json'));
    for (const name of ['core', 'migrator']) {
      expect(existsSync(join(gatewayDb, `../@gateway-db/${name}/dist/index.js`))).toBe(true);
    }
    const betterSqlite3 = realpathSync(join(bundle, 'node_modules/better-sqlite3'));
    expect(existsSync(join(betterSqlite3, 'build/Release/better_sqlite3.node'))).toBe(true);
    // Both drivers are found from where @gateway-db/core loads them (optional peers, resolved at first use).
    const fromCore = createRequire(join(gatewayDb, '../@gateway-db/core/dist/dialect/drivers.js'));
    for (const driver of ['better-sqlite3', 'mysql2/promise']) {
      expect(realpathSync(fromCore.resolve(driver)).startsWith(realpathSync(bundle))).toBe(true);
    }
    // The runtime stage copies this folder alone: a link into the workspace would dangle there.
    expect(linksLeaving(bundle)).toEqual([]);
  });

  it('has no development dependency in its node_modules', () => {
    const modules = join(bundle, 'node_modules');
    const virtualStore = readdirSync(join(modules, '.pnpm'));
    const present = devOnlyPackages(repoRoot).filter(
      (name) =>
        existsSync(join(modules, name)) || virtualStore.some((entry) => entry.startsWith(`${name.replace('/', '+')}@`)),
    );
    expect(present).toEqual([]);
  });

  it('ships the better-sqlite3 binary the install built, not a new build of it', () => {
    // A build from source takes about 90 s here: the bundle takes the store's copy, byte for byte.
    const binary = 'build/Release/better_sqlite3.node';
    const bundled = readFileSync(join(realpathSync(join(bundle, 'node_modules/better-sqlite3')), binary));
    const installed = readFileSync(join(dirname(require.resolve('better-sqlite3/package.json')), binary));
    expect(bundled.equals(installed)).toBe(true);
    console.log(`deployed in ${deployMs} ms`);
  });

  it('runs with `node dist/main.js`: answers /health and a chat completion, and exits 0 on SIGTERM', async () => {
    const sqlitePath = join(folder, 'data/gateway.sqlite');
    const gateway = await startBundledGateway(bundle, {
      SQLITE_PATH: sqlitePath,
      // Rows stay buffered until the shutdown, which must write them.
      LOG_FLUSH_INTERVAL_MS: '600000',
    });
    try {
      const health = await fetch(`${gateway.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ ok: true, dialect: 'sqlite' });

      const completion = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${gateway.keyValue}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: 'hello' }] }),
      });
      expect(completion.status).toBe(200);
      expect(await completion.json()).toMatchObject({ choices: [{ message: { role: 'assistant' } }] });
    } finally {
      gateway.child.kill('SIGTERM');
    }
    expect(await gateway.exited).toBe(0);
    expect(gateway.output()).toMatch(/log rows written 1, rejected 0, dropped 0, lost 0/);
    const store = new Database(sqlitePath, { readonly: true });
    try {
      expect(store.prepare('SELECT COUNT(*) AS n FROM api_requests').get()).toEqual({ n: 1 });
    } finally {
      store.close();
    }
  });
});

interface BundledGateway {
  readonly child: ChildProcess;
  readonly url: string;
  readonly keyValue: string;
  readonly exited: Promise<number | null>;
  output(): string;
}

/** `node dist/main.js --seed` in the bundle, as the image's CMD starts it, in a clean environment. */
async function startBundledGateway(cwd: string, env: Record<string, string>): Promise<BundledGateway> {
  const child = spawn(process.execPath, ['dist/main.js', '--seed'], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      TMPDIR: tmpdir(),
      NODE_ENV: 'production',
      DB_DIALECT: 'sqlite',
      DB_PATH: '/nonexistent/gateway-db-tests/gateway.db',
      HOST: '127.0.0.1',
      PORT: '0',
      FAKE_UPSTREAM_PORT: '0',
      FAKE_UPSTREAM_LATENCY_MS: '0',
      ADMIN_TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const started = new Promise<{ url: string; keyValue: string }>((done, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      const keyValue = /virtual key \(shown only now\): (\S+)/.exec(output)?.[1];
      if (url && keyValue) done({ url, keyValue });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => fail(new Error(`the gateway exited (${code}) before listening:\n${output}`)));
  });
  try {
    return { child, exited, output: () => output, ...(await started) };
  } catch (error) {
    if (child.exitCode === null) child.kill('SIGKILL');
    throw error;
  }
}
