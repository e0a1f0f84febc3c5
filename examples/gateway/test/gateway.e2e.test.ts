/**
 * The example gateway driven over HTTP on each dialect: a fresh store, the demo seed, the fake upstream and the
 * gateway on ephemeral ports. Every request sent is written down in `sent`, so the admin numbers can be checked
 * against what really happened.
 */

import { createTestDatabase, type TestDatabase, testDialects } from '@gateway-db/test-support';
import { type ApiRequestLogWriterOptions, createGatewayDb, type GatewayDb, silentLogger } from 'gateway-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completionTokensOf, type FakeUpstream, promptTokensOf, startFakeUpstream } from '../src/fake-upstream.js';
import { DEMO_MODEL_ID, DEMO_PROVIDER_ID, hashKey, seedDemoData } from '../src/seed.js';
import { type RunningGateway, startGateway } from '../src/start-gateway.js';

const ADMIN_TOKEN = 'e2e-admin-token';

function openStore(store: TestDatabase, logWriter: ApiRequestLogWriterOptions = {}): Promise<GatewayDb> {
  const location =
    store.dialect === 'sqlite'
      ? { sqlite: { path: store.sqlitePath ?? '' } }
      : { mysql: { url: store.mysql?.url ?? '' } };
  return createGatewayDb({ dialect: store.dialect, ...location, logger: silentLogger, env: {}, logWriter });
}

interface Sent {
  readonly status: 'success' | 'error';
  readonly tokens: { prompt: number; completion: number };
}

for (const dialect of testDialects()) {
  describe(`example gateway on ${dialect}`, () => {
    let store: TestDatabase;
    let db: GatewayDb;
    let upstream: FakeUpstream;
    let gateway: RunningGateway;
    let keyValue: string;
    const sent: Sent[] = [];

    async function chat(
      key: string,
      content = 'Hello there, gateway!',
      extra: Record<string, unknown> = {},
      url = gateway.url,
    ) {
      const body = JSON.stringify({ model: 'demo-chat', messages: [{ role: 'user', content }], ...extra });
      const res = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body,
      });
      return { status: res.status, id: res.headers.get('x-request-id'), text: await res.text(), body };
    }

    async function admin(path: string, token = ADMIN_TOKEN) {
      const res = await fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    }

    beforeAll(async () => {
      store = await createTestDatabase(dialect, 'gateway');
      db = await openStore(store);
      upstream = await startFakeUpstream();
      const seeded = await seedDemoData(db, { upstreamBaseUrl: upstream.baseUrl });
      keyValue = seeded.keyValue ?? '';
      gateway = await startGateway({ db, adminToken: ADMIN_TOKEN });
    });

    afterAll(async () => {
      await gateway?.close();
      await db?.close();
      await upstream?.close();
      await store?.drop();
    });

    it('forwards a chat completion and logs it with the tokens the upstream reported', async () => {
      const content = 'Count my tokens, please: thirty-nine chars';
      const answer = await chat(keyValue, content, { max_tokens: 7 });
      expect(answer.status).toBe(200);
      const usage = (JSON.parse(answer.text) as { usage: Record<string, number> }).usage;
      const prompt = promptTokensOf({ messages: [{ content }] });
      expect(usage).toEqual({ prompt_tokens: prompt, completion_tokens: 7, total_tokens: prompt + 7 });
      sent.push({ status: 'success', tokens: { prompt, completion: 7 } });

      await db.apiRequests.flush();
      const row = await db.apiRequests.getById(answer.id ?? '');
      expect(row).toMatchObject({
        virtual_key_id: 'demo-key',
        provider_id: DEMO_PROVIDER_ID,
        model: 'demo-chat',
        status: 'success',
        prompt_tokens: prompt,
        completion_tokens: 7,
        total_tokens: prompt + 7,
        error_message: null,
        request_body: answer.body,
        response_body: answer.text,
      });
      expect(row?.response_time).toBeGreaterThanOrEqual(0);
    });

    it('authenticates the virtual key exactly: letter case and trailing characters matter', async () => {
      expect((await chat(keyValue.toUpperCase())).status).toBe(401);
      expect((await chat(`${keyValue}\u00a0`)).status).toBe(401);
      expect((await chat(keyValue.slice(0, -1))).status).toBe(401);
      expect((await chat('')).status).toBe(401);

      // HTTP strips trailing spaces from header values (RFC 9110), so a key stored WITH one arrives without it
      // and must not be matched by padding-insensitive comparison.
      const spaced = 'sk-trailing-space ';
      await db.virtualKeys.create({
        key_value: spaced,
        key_hash: hashKey(spaced),
        name: 'spaced',
        model_id: DEMO_MODEL_ID,
      });
      expect((await chat(spaced)).status).toBe(401);

      const disabled = 'sk-disabled-key';
      await db.virtualKeys.create({
        key_value: disabled,
        key_hash: hashKey(disabled),
        name: 'off',
        model_id: DEMO_MODEL_ID,
        enabled: false,
      });
      expect((await chat(disabled)).status).toBe(403);
    });

    it('logs an upstream failure as an error with the upstream status', async () => {
      upstream.failNext(1, 500);
      const answer = await chat(keyValue, 'this one fails');
      expect(answer.status).toBe(500);
      sent.push({ status: 'error', tokens: { prompt: 0, completion: 0 } });
      await db.apiRequests.flush();
      const row = await db.apiRequests.getById(answer.id ?? '');
      expect(row).toMatchObject({ status: 'error', total_tokens: 0, response_body: answer.text });
      expect(row?.error_message).toContain('500');
    });

    it('logs requests of a key with disable_logging but leaves them out of the statistics', async () => {
      const quiet = 'sk-quiet-key';
      await db.virtualKeys.create({
        key_value: quiet,
        key_hash: hashKey(quiet),
        name: 'quiet',
        model_id: DEMO_MODEL_ID,
        disable_logging: true,
      });
      const answer = await chat(quiet, 'do not count me');
      expect(answer.status).toBe(200);
      await db.apiRequests.flush();
      expect((await db.apiRequests.getById(answer.id ?? ''))?.status).toBe('success');
    });

    it('serves admin stats and pages that match the requests sent', async () => {
      for (let i = 0; i < 6; i++) {
        const content = 'x'.repeat(10 + 13 * i);
        const answer = await chat(keyValue, content, { max_tokens: i + 1 });
        expect(answer.status).toBe(200);
        sent.push({
          status: 'success',
          tokens: {
            prompt: promptTokensOf({ messages: [{ content }] }),
            completion: completionTokensOf({ max_tokens: i + 1 }),
          },
        });
      }
      await db.apiRequests.flush();

      expect((await admin('/api/admin/stats?period=24h', 'wrong')).status).toBe(401);
      const stats = await admin('/api/admin/stats?period=24h');
      expect(stats.status).toBe(200);
      const prompt = sent.reduce((sum, s) => sum + s.tokens.prompt, 0);
      const completion = sent.reduce((sum, s) => sum + s.tokens.completion, 0);
      expect(stats.json).toMatchObject({
        totalRequests: sent.length,
        successfulRequests: sent.filter((s) => s.status === 'success').length,
        failedRequests: sent.filter((s) => s.status === 'error').length,
        promptTokens: prompt,
        completionTokens: completion,
        totalTokens: prompt + completion,
      });

      // Every logged row, the disable_logging one included, is listed.
      const logged = sent.length + 1;
      const page2 = await admin('/api/admin/api-requests?page=2&pageSize=3');
      expect(page2.json).toMatchObject({ total: logged, page: 2, pageSize: 3, totalPages: Math.ceil(logged / 3) });
      expect(page2.json.data).toHaveLength(3);
      const errors = await admin('/api/admin/api-requests?status=error');
      expect(errors.json.total).toBe(1);
      expect((await admin('/api/admin/api-requests?pageSize=1000')).status).toBe(400);
    });

    it('sends CORS headers while system_config.cors_enabled is true, read on every request', async () => {
      const preflight = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'OPTIONS' });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
      await db.systemConfig.set('cors_enabled', 'false');
      const after = await fetch(`${gateway.url}/health-is-not-cors`, { method: 'OPTIONS' });
      expect(after.headers.get('access-control-allow-origin')).toBeNull();
      expect(after.status).toBe(404);
      await db.systemConfig.set('cors_enabled', 'true');
    });

    it('reports the Portkey gateway that the routing rules choose', async () => {
      expect((await chat(keyValue, 'direct')).status).toBe(200);
      sent.push({
        status: 'success',
        tokens: { prompt: promptTokensOf({ messages: [{ content: 'direct' }] }), completion: 16 },
      });
      const portkey = await db.portkeyGateways.create({ name: 'pk', url: 'http://127.0.0.1:9' });
      await db.modelRoutingRules.create({
        name: 'fake',
        portkey_gateway_id: portkey.id,
        rule_type: 'model_name',
        rule_value: 'fake-gpt',
      });
      // A new process reads the rules at its first request (the running one refreshes them once a minute).
      const fresh = await startGateway({ db, adminToken: ADMIN_TOKEN });
      try {
        const res = await fetch(`${fresh.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${keyValue}` },
          body: JSON.stringify({ model: 'demo-chat', messages: [] }),
        });
        expect(res.status).toBe(200);
        expect(res.headers.get('x-gateway-route')).toBe(portkey.id);
        sent.push({ status: 'success', tokens: { prompt: 1, completion: 16 } });
      } finally {
        await fresh.close();
      }
    });

    it('reports health from the database', async () => {
      const res = await fetch(`${gateway.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, dialect });
    });

    it('answers 503 with a short message, and keeps serving, when the data layer fails', async () => {
      const broken = await openStore(store);
      await broken.close();
      const failing = await startGateway({ db: broken, adminToken: ADMIN_TOKEN });
      try {
        const answer = await chat(keyValue, 'hello', {}, failing.url);
        expect(answer.status).toBe(503);
        expect(answer.text).not.toContain(keyValue);
        expect(JSON.parse(answer.text)).toMatchObject({ error: { type: 'database_unavailable' } });
        const health = await fetch(`${failing.url}/health`);
        expect(health.status).toBe(503);
        // Unauthenticated: no failure message (it may name the database host and user).
        expect(Object.keys((await health.json()) as object).sort()).toEqual([
          'dialect',
          'latencyMs',
          'logWriter',
          'ok',
        ]);
      } finally {
        await failing.close();
      }
    });

    it('writes the buffered log rows when it shuts down', async () => {
      // A second process on the same store whose writer would hold rows for a minute.
      const slow = await openStore(store, { flushIntervalMs: 60_000 });
      const second = await startGateway({ db: slow, adminToken: ADMIN_TOKEN });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await chat(keyValue, `late ${i}`, {}, second.url)).id ?? '');
      expect(slow.logWriterStats().buffered).toBe(3);
      expect(await db.apiRequests.getById(ids[0] ?? '')).toBeUndefined();

      await second.close();
      await slow.close();
      for (const id of ids) expect((await db.apiRequests.getById(id))?.status).toBe('success');
    });
  });
}
