import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { probeMysqlServer } from '../src/mysql-probe.js';

/** A port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}

describe('probeMysqlServer', () => {
  it('fails with the address and the driver reason, never the password', async () => {
    const port = await closedPort();
    const result = await probeMysqlServer({
      host: '127.0.0.1',
      port,
      user: 'root',
      password: 'probe-secret',
      source: 'test',
    });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(`127.0.0.1:${port}: connect ECONNREFUSED`) });
    expect(JSON.stringify(result)).not.toContain('probe-secret');
  });

  it('tries localhost the way mysql2 does, then as 127.0.0.1', async () => {
    const port = await closedPort();
    const result = await probeMysqlServer({ host: 'localhost', port, user: 'root', password: '', source: 'test' });
    if (result.ok) throw new Error(`something answered on port ${port}`);
    expect(result.reason).toMatch(new RegExp(`^localhost:${port}: .*; 127\\.0\\.0\\.1:${port}: `));
  });
});
