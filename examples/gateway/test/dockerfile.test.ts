/**
 * The container image, checked as text: there is no Docker engine where CI runs, so the image is never built here.
 * What its stages run is exercised by production-bundle.test.ts (the same deploy script, then `node dist/main.js`
 * in the deployed folder alone).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const read = (file: string) => readFileSync(resolve(repoRoot, file), 'utf8');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

/** The Dockerfile's instructions, stage by stage: comments dropped, `\` continuation lines joined. */
function stages(dockerfile: string): Instruction[][] {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const result: Instruction[][] = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args };
    if (instruction.keyword === 'FROM') result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

const argsOf = (stage: Instruction[], keyword: string) =>
  stage.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);

describe('the Dockerfile of the example gateway (static: no Docker engine here)', () => {
  const [build = [], runtime = [], ...more] = stages(read('Dockerfile'));

  it('has two stages on the same Node 20 image: a named build stage and the runtime stage', () => {
    expect(more).toEqual([]);
    expect(argsOf(build, 'FROM')).toEqual(['node:20-bookworm-slim AS build']);
    // The same base: better-sqlite3's native module is built in the first stage and loaded in the second.
    expect(argsOf(runtime, 'FROM')).toEqual(['node:20-bookworm-slim']);
  });

  it('installs with the lockfile and deploys with the script production-bundle.test.ts runs', () => {
    const run = argsOf(build, 'RUN').join(' && ');
    expect(run).toContain('pnpm install --frozen-lockfile');
    expect(run).toContain('bash scripts/deploy-example-gateway.sh /out');
  });

  it('copies only the deployed folder into the runtime stage and installs nothing there', () => {
    expect(argsOf(runtime, 'COPY')).toEqual(['--from=build /out /app']);
    expect(argsOf(runtime, 'ADD')).toEqual([]);
    expect(argsOf(runtime, 'RUN').join(' ')).not.toMatch(/\b(pnpm|npm|apt-get|yarn)\b/);
    expect(argsOf(runtime, 'WORKDIR')).toEqual(['/app']);
  });

  it('runs node itself, as an unprivileged user, on the same port and environment', () => {
    const users = argsOf(runtime, 'USER');
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    // Exec form: node is PID 1 and receives SIGTERM itself (a shell or pnpm in between would not pass it on).
    expect(argsOf(runtime, 'ENTRYPOINT')).toEqual([]);
    const cmd = argsOf(runtime, 'CMD');
    expect(cmd).toHaveLength(1);
    expect(JSON.parse(cmd[0] ?? 'null')).toEqual(['node', 'dist/main.js']);
    expect(argsOf(runtime, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b.*\bPORT=8787\b/);
    expect(argsOf(runtime, 'EXPOSE')).toEqual(['8787']);
  });

  it('keeps secrets, local state and host builds out of the build context', () => {
    const ignored = read('.dockerignore').split(/\r?\n/);
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.env.*', 'data', '**/node_modules', '**/dist']));
  });

  it('matches docker-compose.yml: the data volume in the working folder, a healthcheck with node', () => {
    const compose = read('docker-compose.yml');
    const gateway = compose.slice(compose.indexOf('\n  gateway:'));
    expect(gateway).toMatch(/^\s+build: \.$/m);
    expect(gateway).toMatch(/^\s+- \.\/data:\/app\/data$/m);
    expect(gateway).toMatch(/^\s+DB_PATH: \/app\/data\/gateway\.db$/m);
    expect(gateway.slice(gateway.indexOf('healthcheck:'))).toMatch(/test:\s+\[\s+"CMD",\s+"node",/);
    // The mount point exists in the image and is the unprivileged user's to write.
    expect(argsOf(runtime, 'RUN').join(' ')).toMatch(/mkdir -p \/app\/data && chown node:node \/app\/data/);
  });
});
