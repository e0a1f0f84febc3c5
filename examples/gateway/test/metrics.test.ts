/** `GET /metrics` of the example gateway: Prometheus text behind the admin token, counts that follow the traffic. */
import { createTestDatabase, type TestDatabase, testDialects } from '@gateway-db/test-support';
import { createGatewayDb, type GatewayDb, jsonLogger, silentLogger } from 'gateway-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../src/fake-upstream.js';
import { QueryMetrics } from '../src/metrics.js';
import { seedDemoData } from '../src/seed.js';
import { type RunningGateway, startGateway } from '../src/start-gateway.js';

const ADMIN_TOKEN = 'metrics-admin-token';

for (const dialect of testDialects()) {
  describe(`/metrics on ${dialect}`, () => {
    let store: TestDatabase;
    let db: GatewayDb;
    let upstream: FakeUpstream;
    let gateway: RunningGateway;
    let keyValue: string;
    const queryMetrics = new QueryMetrics();

    beforeAll(async () => {
      store = await createTestDatabase(dialect, 'metrics');
      const location =
        store.dialect === 'sqlite'
          ? { sqlite: { path: store.sqlitePath ?? '' } }
          : { mysql: { url: store.mysql?.url ?? '' } };
      db = await createGatewayDb({
        dialect,
        ...location,
        env: {},
        logger: silentLogger,
        legacyImporter: false,
        onQuery: queryMetrics.observe,
      });
      upstream = await startFakeUpstream({ port: 0, latencyMs: 0 });
      keyValue = (await seedDemoData(db, { upstreamBaseUrl: upstream.baseUrl })).keyValue ?? '';
      gateway = await startGateway({ db, adminToken: ADMIN_TOKEN, queryMetrics });
    });
    afterAll(async () => {
      await gateway?.close();
      await db?.close();
      await upstream?.close();
      await store?.drop();
    });

    const scrape = (token?: string) =>
      fetch(`${gateway.url}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    it('needs the admin token', async () => {
      expect((await scrape()).status).toBe(401);
      expect((await scrape('wrong')).status).toBe(401);
    });

    it('counts statements and log rows as traffic comes, without values, hosts or users', async () => {
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${keyValue}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content: 'hi' }] }),
        });
        expect(res.status).toBe(200);
        await res.text();
      }
      await db.apiRequests.flush();
      const res = await scrape(ADMIN_TOKEN);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      expect(text).toMatch(/^gateway_db_up 1$/m);
      expect(text).toMatch(/^gateway_db_log_rows_total\{outcome="written"\} 3$/m);
      expect(text).toMatch(/^gateway_db_log_rows_buffered 0$/m);
      const lookups = /^gateway_db_queries_total\{kind="select",table="virtual_keys",outcome="ok"\} (\d+)$/m.exec(text);
      expect(Number(lookups?.[1])).toBeGreaterThanOrEqual(3);
      expect(text).toMatch(
        /^gateway_db_query_seconds_total\{kind="insert",table="api_requests",outcome="ok"\} [\d.]+$/m,
      );
      // Every sample line is `name{labels} number` or `name number`.
      for (const line of text
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('#'))) {
        expect(line).toMatch(/^[a-z_]+(\{[^}]*\})? -?[\d.e+-]+$/);
      }
      expect(text).not.toContain(keyValue);
      expect(text).not.toContain('127.0.0.1');
      expect(text).not.toMatch(/root/);
    });
  });
}

describe('jsonLogger', () => {
  it('writes one JSON object per line with time, level, source, code, fields and msg', () => {
    const lines: string[] = [];
    const logger = jsonLogger((line) => lines.push(line));
    logger.warn('slow query: select on providers took 12 ms', {
      code: 'slow_query',
      table: 'providers',
      durationMs: 12,
    });
    logger.info('opened sqlite:./data/gateway.sqlite');
    const [warn, info] = lines.map((line) => JSON.parse(line) as Record<string, string>);
    expect(warn).toMatchObject({
      level: 'warn',
      source: 'gateway-db',
      code: 'slow_query',
      table: 'providers',
      durationMs: 12,
      msg: 'slow query: select on providers took 12 ms',
    });
    expect(new Date(warn?.time ?? '').toISOString()).toBe(warn?.time);
    expect(info?.level).toBe('info');
  });
});
