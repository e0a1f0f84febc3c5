/**
 * gateway-db as another project gets it: the packed tarballs (scripts/pack-gateway-db.sh), installed in a new
 * project outside the repository, used from an ES module, from CommonJS and from strict TypeScript (the files in
 * ./consumer). The project installs the four tarballs together, as README's "Using gateway-db from another
 * project" says, plus better-sqlite3 and nothing else.
 *
 * The install runs offline-first on the workspace's pnpm store. better-sqlite3 is linked from the workspace's
 * already built copy: installed anew, pnpm would resolve its build tools' dependencies afresh and, when any version
 * differs from the workspace's, build it from source (about 90 s, and a C++ toolchain).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
const requireHere = createRequire(import.meta.url);

/** Runs a command; its output on success, else an error carrying everything it printed. */
function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) exited with ${result.status ?? result.signal}\n` +
        `${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** The version of a package as the workspace installed it (resolved from this test file). */
function installedVersion(name: string): string {
  return (JSON.parse(readFileSync(requireHere.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

/** The package.json inside a tarball, as a registry would serve it. */
function packedManifest(tarball: string): Record<string, Record<string, unknown> | undefined> {
  return JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], dirname(tarball)));
}

/** The last line a consumer script printed, parsed. */
function lastJsonLine(output: string): Record<string, unknown> {
  return JSON.parse(output.trim().split('\n').at(-1) ?? 'null');
}

describe('gateway-db installed from its packed tarballs in another project', () => {
  let folder: string;
  let project: string;
  let tarballs: string[];

  beforeAll(() => {
    const started = Date.now();
    folder = mkdtempSync(join(tmpdir(), 'gateway-db-consumer-'));
    tarballs = run('bash', [join(repoRoot, 'scripts/pack-gateway-db.sh'), join(folder, 'tarballs')], repoRoot)
      .trim()
      .split('\n');
    const packed = Date.now();

    project = join(folder, 'project');
    cpSync(join(here, 'consumer'), project, { recursive: true });
    const tarballOf = (name: string) => {
      const file = tarballs.find((path) => basename(path).startsWith(`${name.replace('@', '').replace('/', '-')}-`));
      if (!file) throw new Error(`no tarball for ${name} in ${tarballs.join(', ')}`);
      return `file:${file}`;
    };
    const workspacePackages = ['@gateway-db/schema', '@gateway-db/core', '@gateway-db/migrator'];
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({
        name: 'gateway-db-consumer',
        private: true,
        type: 'module',
        dependencies: {
          'gateway-db': tarballOf('gateway-db'),
          ...Object.fromEntries(workspacePackages.map((name) => [name, tarballOf(name)])),
          'better-sqlite3': `link:${realpathSync(dirname(requireHere.resolve('better-sqlite3/package.json')))}`,
          '@types/node': installedVersion('@types/node'),
        },
      }),
    );
    // pnpm resolves gateway-db's own dependency on @gateway-db/core@0.1.0 from the registry unless told otherwise.
    writeFileSync(
      join(project, 'pnpm-workspace.yaml'),
      `overrides:\n${workspacePackages.map((name) => `  "${name}": "${tarballOf(name)}"\n`).join('')}`,
    );
    const storeDir = run('pnpm', ['store', 'path'], repoRoot).trim();
    run('pnpm', ['install', '--prefer-offline', '--store-dir', storeDir, '--reporter', 'append-only'], project);
    console.log(`packed in ${packed - started} ms, installed in ${Date.now() - packed} ms`);
  }, 300_000);

  afterAll(() => {
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('packs gateway-db and the three workspace packages it needs, nothing private', () => {
    expect(tarballs.map((path) => basename(path)).sort()).toEqual([
      'gateway-db-0.1.0.tgz',
      'gateway-db-core-0.1.0.tgz',
      'gateway-db-migrator-0.1.0.tgz',
      'gateway-db-schema-0.1.0.tgz',
    ]);
  });

  it('publishes no workspace or catalog specifiers, and the drivers only as optional peers', () => {
    for (const tarball of tarballs) {
      const manifest = packedManifest(tarball);
      const specifiers = JSON.stringify([manifest.dependencies, manifest.peerDependencies]);
      expect(specifiers, basename(tarball)).not.toMatch(/workspace:|catalog:/);
      expect(Object.keys(manifest.dependencies ?? {}), basename(tarball)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^(better-sqlite3|mysql2|sql\.js)$/)]),
      );
      for (const driver of Object.keys(manifest.peerDependencies ?? {}))
        expect(manifest.peerDependenciesMeta?.[driver], `${basename(tarball)}: ${driver}`).toEqual({ optional: true });
    }
    expect(packedManifest(tarballs.find((path) => path.includes('core'))!).peerDependencies).toHaveProperty('mysql2');
  });

  it('installs without mysql2 or sql.js when the project uses SQLite', () => {
    const installed = readdirSync(join(project, 'node_modules/.pnpm'));
    expect(installed.filter((name) => /^(mysql2|sql\.js)@/.test(name))).toEqual([]);
    expect(installed.some((name) => name.startsWith('drizzle-orm@'))).toBe(true);
  });

  it('writes and reads a provider in a new SQLite store from an ES module', () => {
    const result = lastJsonLine(run('node', ['check-esm.mjs', join(project, 'esm.sqlite')], project));
    expect(result).toMatchObject({
      format: 'esm',
      provider: { id: 'provider-esm', name: 'Example provider', enabled: true },
      totalRequests: 0,
    });
  });

  it('does the same from CommonJS, with the same exports as the ES module', () => {
    const cjs = lastJsonLine(run('node', ['check-cjs.cjs', join(project, 'cjs.sqlite')], project));
    const esm = lastJsonLine(run('node', ['check-esm.mjs', join(project, 'esm-again.sqlite')], project));
    expect(cjs).toMatchObject({
      format: 'cjs',
      provider: { id: 'provider-cjs', name: 'Example provider', enabled: true },
      totalRequests: 0,
    });
    expect(cjs.exports).toEqual(esm.exports);
    expect(cjs.exports).toEqual(expect.arrayContaining(['createGatewayDb', 'GatewayDbError', 'loadConfig']));
  });

  it('recognises the errors of either build when a process loads both', () => {
    const result = lastJsonLine(run('node', ['both-builds.mjs'], project));
    expect(result).toEqual({
      twoCopies: true,
      cjsErrorIsEsmError: true,
      esmErrorIsCjsError: true,
      retryableAcross: true,
    });
  });

  it('says to npm install mysql2 when a MySQL store is asked for without the driver', () => {
    const result = lastJsonLine(run('node', ['mysql-without-driver.mjs'], project));
    expect(result.code).toBe('CONFIG');
    expect(result.message).toContain('npm install mysql2');
  });

  it('type-checks a strict TypeScript consumer of every row type, as ES module and as CommonJS', () => {
    const tsc = join(dirname(requireHere.resolve('typescript/package.json')), 'bin/tsc');
    expect(() => run('node', [tsc, '-p', 'tsconfig.json'], project)).not.toThrow();
  });
});
