/**
 * The CI leak check can fail: it finds planted secrets (markers and fixture values) byte for byte, names their
 * kind and position without printing them, exits 1 from the command line; a clean file passes. Its list of known
 * secrets keeps up with the tests: every fixture seed and every marker literal in the test sources is covered.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_MARKERS } from '../packages/gateway-db/test/security/support/secret-markers.js';
import { checkSecretsInOutput } from './check-secrets-in-output.js';
import { FIXTURE_SEEDS, knownSecrets } from './secret-scan/known-secrets.js';

const ROOT = new URL('../', import.meta.url).pathname;
const SCRIPT = join(ROOT, 'scripts/check-secrets-in-output.ts');

/** Runs the script as CI does, in its own process: exit code and output. */
async function runCheck(...paths: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', SCRIPT, ...paths],
      { cwd: ROOT },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

function check(...paths: string[]): { code: number; output: string } {
  const lines: string[] = [];
  const code = checkSecretsInOutput(paths, (line) => lines.push(line));
  return { code, output: lines.join('\n') };
}

/** TypeScript files under `dir`, recursively, without node_modules. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('check-secrets-in-output', () => {
  let dir: string;
  let keyValue: string;
  let passwordHash: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'secret-scan-'));
    // A fixture as the migrator tests build it; its secrets are read back from the file, not from the generator.
    const fixture = join(dir, 'gateway.db');
    await buildLegacyFile(fixture, { version: 'S6', hostile: true, seed: 5, rows: { api_requests: 3 } });
    const db = new Database(fixture, { readonly: true });
    try {
      keyValue = db.prepare('SELECT key_value FROM virtual_keys ORDER BY rowid LIMIT 1').pluck().get() as string;
      passwordHash = db.prepare('SELECT password_hash FROM users ORDER BY rowid DESC LIMIT 1').pluck().get() as string;
    } finally {
      db.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails from the command line on a log holding a fixture secret, naming kind and position but not the value', async () => {
    const log = join(dir, 'leaky.log');
    writeFileSync(log, `ok line\n  ✓ some test 12ms\n[Migration] failed for key ${keyValue} (oops)\n`);
    const { code, output } = await runCheck(log);
    expect(code).toBe(1);
    expect(output).toContain(`LEAK ${log}:3:`);
    expect(output).toMatch(/fixture virtual_keys\.key_value \(seed \d+\) \(sha256 [0-9a-f]{12}\.\.\.\)/);
    expect(output).not.toContain(keyValue);
  });

  it('passes from the command line on a clean log', async () => {
    const log = join(dir, 'clean.log');
    writeFileSync(log, '✓ packages/migrator/test/refusals.test.ts (20 tests) 3012ms\nTest Files  1 passed (1)\n');
    const { code, output } = await runCheck(log);
    expect(code).toBe(0);
    expect(output).toMatch(/OK: none of \d+ known secret values in 1 file/);
  });

  it('refuses to pass without a file to check, or with a file that does not exist', () => {
    expect(check().code).toBe(2);
    expect(check(join(dir, 'no-such.log')).code).toBe(2);
  });

  it('finds every marker of the security tests, the MySQL passwords included, in the middle of other text', () => {
    expect([...SECRET_MARKERS.keys()]).toEqual(
      expect.arrayContaining(['secrets-never-leak.mysqlPassword', 'bad-config.mysqlPassword']),
    );
    for (const [name, value] of SECRET_MARKERS) {
      const log = join(dir, `${name}.log`);
      writeFileSync(log, `\u001b[31mError: mysql://gw:${value}@127.0.0.1/db\u001b[39m`);
      const { code, output } = check(log);
      expect(code, name).toBe(1);
      expect(output).toContain(`marker ${name} `);
      expect(output).not.toContain(value);
    }
  });

  it('searches a directory for reports and logs only (the SQLite stores there hold the secrets by design)', () => {
    const data = join(dir, 'data');
    mkdirSync(join(data, 'backup'), { recursive: true });
    writeFileSync(join(data, 'backup', 'gateway.db.backup.1'), `SQLite format 3\0${passwordHash}`);
    writeFileSync(join(data, 'report.json'), JSON.stringify({ ok: true, tables: [] }));
    expect(check(data).code).toBe(0);
    writeFileSync(
      join(data, 'migration-report.json'),
      JSON.stringify({ error: { message: `bad row ${passwordHash}` } }),
    );
    const { code, output } = check(data);
    expect(code).toBe(1);
    expect(output).toContain('fixture users.password_hash');
    expect(output).toContain('migration-report.json:1:');
  });

  it('knows every fixture secret of the seeds the tests and the demo use', () => {
    const files = [
      ...sources(join(ROOT, 'packages')),
      ...sources(join(ROOT, 'scripts')),
      ...sources(join(ROOT, 'examples')),
    ];
    const seeds = new Set<number>();
    for (const file of files) {
      for (const match of readFileSync(file, 'utf8').matchAll(/build(?:Large)?LegacyFile\([^;]*?\bseed: (\d+)/g))
        seeds.add(Number(match[1]));
    }
    expect(seeds.size).toBeGreaterThan(5);
    for (const seed of seeds) expect(seed, `seed ${seed}`).toBeGreaterThanOrEqual(FIXTURE_SEEDS.first);
    for (const seed of seeds) expect(seed, `seed ${seed}`).toBeLessThanOrEqual(FIXTURE_SEEDS.last);
    const known = new Set(knownSecrets().map((s) => s.value));
    expect(known.has(keyValue) && known.has(passwordHash)).toBe(true);
  });

  it('knows every marker literal written in the test sources', () => {
    const known = new Set(SECRET_MARKERS.values());
    const files = [...sources(join(ROOT, 'packages')), ...sources(join(ROOT, 'examples'))].filter((f) =>
      f.includes('/test/'),
    );
    let literals = 0;
    for (const file of files) {
      for (const [literal] of readFileSync(file, 'utf8').matchAll(/(?<=['"`])[\w:.-]*MARKER[\w:.-]*(?=['"`])/g)) {
        literals++;
        expect(known.has(literal), `${literal} in ${file}`).toBe(true);
      }
    }
    expect(literals).toBeGreaterThanOrEqual(known.size);
  });
});
