import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findMysqlServer } from '../src/find-mysql-server.js';
import type { ProbeResult } from '../src/mysql-probe.js';
import { type MysqlServer, NO_SERVER_MESSAGE } from '../src/mysql-server.js';

const folder = mkdtempSync(join(tmpdir(), 'find-mysql-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function envFile(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const answers = (server: MysqlServer): Promise<ProbeResult> =>
  Promise.resolve({ ok: true, server, version: '10.11-test' });
const refuses = (server: MysqlServer): Promise<ProbeResult> =>
  Promise.resolve({ ok: false, reason: `${server.host}:${server.port}: connect ECONNREFUSED` });
const noDocker = () => Promise.resolve(undefined);

describe('findMysqlServer', () => {
  it('reads the environment over the .env file, variable by variable as the data layer does, and starts no container', async () => {
    const startContainer = vi.fn(noDocker);
    const file = envFile('env-wins', 'MYSQL_HOST=db.file\nMYSQL_USER=from_file\n');
    const found = await findMysqlServer({
      env: { MYSQL_HOST: 'db.env', MYSQL_PORT: '3310' },
      envFile: file,
      probe: answers,
      startContainer,
    });
    expect(found).toMatchObject({ server: { host: 'db.env', port: 3310, user: 'from_file', password: '' } });
    expect('server' in found && found.server.source).toBe(
      `MYSQL_HOST, MYSQL_PORT in the environment and MYSQL_USER in ${file}`,
    );
    expect(startContainer).not.toHaveBeenCalled();
  });

  it('reads the .env file, MYSQL_URL included, when the environment names no server', async () => {
    const file = envFile('url', 'DB_DIALECT=mysql\nMYSQL_URL=mysql://gw:p%40ss@db.file:3307/ignored\n');
    const found = await findMysqlServer({
      env: { MYSQL_DATABASE: 'not_a_server_setting' },
      envFile: file,
      probe: answers,
    });
    expect(found).toMatchObject({ server: { host: 'db.file', port: 3307, user: 'gw', password: 'p@ss' } });
    expect('server' in found && found.server.source).toBe(`MYSQL_URL in ${file}`);
  });

  it('tries the data layer default, localhost:3306 as root without a password, when nothing is configured', async () => {
    const probe = vi.fn(answers);
    const found = await findMysqlServer({ env: {}, envFile: join(folder, 'missing.env'), probe });
    expect(probe).toHaveBeenCalledWith(
      expect.objectContaining({ host: 'localhost', port: 3306, user: 'root', password: '' }),
    );
    expect(found).toMatchObject({ server: { host: 'localhost', port: 3306 }, version: '10.11-test' });
  });

  it('fails naming the configured server when it does not answer, and never falls back to another one', async () => {
    const startContainer = vi.fn(noDocker);
    const found = await findMysqlServer({
      env: { MYSQL_HOST: '127.0.0.2', MYSQL_PORT: '1', MYSQL_PASSWORD: 'never-printed' },
      envFile: false,
      probe: refuses,
      startContainer,
    });
    expect(startContainer).not.toHaveBeenCalled();
    if (!('error' in found)) throw new Error('expected an error');
    expect(found.error).toMatch(
      /^MySQL tests need a server: MYSQL_HOST, MYSQL_PORT, MYSQL_PASSWORD in the environment set it to root@127\.0\.0\.2:1/,
    );
    expect(found.error).toContain('127.0.0.2:1: connect ECONNREFUSED');
    expect(found.error).toContain('TEST_DIALECTS=sqlite');
    expect(found.error).not.toContain('never-printed');
  });

  it('starts a container when nothing is configured and localhost does not answer', async () => {
    const stop = vi.fn(() => Promise.resolve());
    const container = {
      host: 'docker',
      port: 32_768,
      user: 'root',
      password: 'generated',
      source: 'testcontainers mysql:8.0',
      stop,
    };
    const found = await findMysqlServer({
      env: {},
      envFile: false,
      probe: refuses,
      startContainer: () => Promise.resolve(container),
    });
    expect(found).toMatchObject({ server: { host: 'docker', port: 32_768, source: 'testcontainers mysql:8.0' } });
    await ('stop' in found ? found.stop?.() : undefined);
    expect(stop).toHaveBeenCalledOnce();
  });

  it('fails saying what to provide, and what it tried, when no server and no Docker engine answer', async () => {
    const found = await findMysqlServer({ env: {}, envFile: false, probe: refuses, startContainer: noDocker });
    if (!('error' in found)) throw new Error('expected an error');
    expect(found.error.startsWith(NO_SERVER_MESSAGE)).toBe(true);
    expect(found.error).toContain('localhost:3306: connect ECONNREFUSED');
    expect(found.error).toContain('no Docker engine answered');
  });

  it('reports a malformed setting as the setting to fix', async () => {
    const found = await findMysqlServer({ env: { MYSQL_PORT: 'abc' }, envFile: false, probe: answers });
    expect(found).toEqual({
      error: expect.stringMatching(/MYSQL_PORT must be a whole number from 1 to 65535, got "abc"/),
    });
  });
});
