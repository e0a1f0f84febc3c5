/**
 * LOG_DB_URL: the request logs (api_requests, expert_routing_logs, their rollups) in a store of their own, the
 * config tables in the main one. Each dashboard answers exactly as a single store fed the same calls does, reading
 * key names, provider names and `disable_logging` from the main store.
 */
import { loadConfig } from '@gateway-db/core/config.js';
import type { Dialect } from '@gateway-db/schema';
import { createTestDatabase, type TestDatabase, testDialects } from '@gateway-db/test-support';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayDb, type GatewayDb } from '../../src/index.js';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 2, 1, 9, 17);

function storeInput(db: TestDatabase) {
  return db.dialect === 'sqlite' ? { sqlite: { path: db.sqlitePath } } : { mysql: { url: db.mysql?.url } };
}

function storeUrl(db: TestDatabase): string {
  return db.dialect === 'sqlite' ? `sqlite:${db.sqlitePath}` : (db.mysql?.url ?? '');
}

async function open(main: TestDatabase, logs?: TestDatabase): Promise<GatewayDb> {
  const config = loadConfig(
    { dialect: main.dialect, ...storeInput(main), ...(logs ? { logDbUrl: storeUrl(logs) } : {}) },
    {},
    false,
  );
  return createGatewayDb({ config, envFile: false, legacyImporter: false, logger: silent });
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The same calls, through any db: keys (one silenced), providers, 40 logged requests over 4 hours, one expert log. */
async function feed(db: GatewayDb) {
  const provider = await db.providers.create({
    id: 'prov-1',
    name: 'Provider One',
    base_url: 'https://p',
    api_key: 'sk-p',
  });
  await db.providers.create({ id: 'prov-gone', name: 'Gone', base_url: 'https://g', api_key: 'sk-g' });
  await db.virtualKeys.create({ id: 'key-a', name: 'Key A', key_value: 'sk-vk-a', key_hash: 'ha' });
  await db.virtualKeys.create({
    id: 'key-quiet',
    name: 'Quiet',
    key_value: 'sk-vk-q',
    key_hash: 'hq',
    disable_logging: true,
  });
  await db.virtualKeys.create({ id: 'key-gone', name: 'Gone key', key_value: 'sk-vk-g', key_hash: 'hg' });
  for (let i = 0; i < 40; i++) {
    db.apiRequests.create({
      id: `req-${String(i).padStart(3, '0')}`,
      created_at: START + i * (HOUR / 10),
      virtual_key_id: ['key-a', 'key-quiet', 'key-gone', null][i % 4] ?? null,
      provider_id: i % 3 === 0 ? 'prov-gone' : provider.id,
      model: i % 2 === 0 ? 'gpt-4o' : 'claude',
      status: i % 5 === 0 ? 'error' : 'success',
      total_tokens: i,
      response_time: 100 + i,
    });
  }
  await db.apiRequests.flush();
  await db.virtualKeys.delete('key-gone');
  await db.providers.delete('prov-gone');
  const config = await db.expertRoutingConfigs.create({ name: 'router', config: '{}' });
  await db.expertRoutingLogs.create({
    expert_routing_id: config.id,
    virtual_key_id: 'key-a',
    request_hash: 'h',
    classifier_model: 'm',
    classification_result: 'code',
    selected_expert_id: 'e',
    selected_expert_type: 'model',
    selected_expert_name: 'E',
    created_at: START,
  });
}

/** Everything the dashboards answer, over a range with partial hours at both edges. */
async function dashboards(db: GatewayDb) {
  const range = { startTime: START + HOUR / 4, endTime: START + 3 * HOUR + HOUR / 3 };
  return {
    stats: await db.apiRequests.getStats(range),
    trend: await db.apiRequests.getTrend({ ...range, interval: 'hour' }),
    byKey: await db.apiRequests.getTrendByKey({ ...range, interval: 'hour' }),
    models: await db.apiRequests.getModelStats({ ...range, limit: 10 }),
    page: await db.apiRequests.getAll({ ...range, pageSize: 7, page: 2 }),
    keyPage: await db.apiRequests.getAll({ ...range, virtualKeyId: 'key-a' }),
    goneKeyPage: await db.apiRequests.getAll({ ...range, virtualKeyId: 'key-gone' }),
  };
}

async function rowsIn(db: GatewayDb, which: 'orm' | 'logOrm') {
  const orm = db[which];
  const t = orm.tables;
  const counted = async (table: object) => {
    // The client's type depends on the dialect; both builders take the same call.
    const client = orm.client as unknown as {
      select(f: object): { from(t: object): Promise<{ n: unknown }[]> };
    };
    const [row] = await client.select({ n: count() }).from(table);
    return Number(row?.n);
  };
  return {
    requests: await counted(t.apiRequests),
    expertLogs: await counted(t.expertRoutingLogs),
    rollups: await counted(t.apiRequestRollups),
    models: await counted(t.apiRequestModels),
    keys: await counted(t.virtualKeys),
  };
}

const combinations: [Dialect, Dialect][] = testDialects().flatMap((main) =>
  testDialects().map((logs) => [main, logs] as [Dialect, Dialect]),
);

describe.each(combinations)('request logs in their own store: main %s, logs %s', (mainDialect, logDialect) => {
  const databases: TestDatabase[] = [];
  let split: GatewayDb;
  let single: GatewayDb;
  beforeAll(async () => {
    const [main, logs, reference] = await Promise.all([
      createTestDatabase(mainDialect, 'split_main'),
      createTestDatabase(logDialect, 'split_logs'),
      createTestDatabase(mainDialect, 'split_ref'),
    ]);
    databases.push(main, logs, reference);
    split = await open(main, logs);
    single = await open(reference);
    await feed(split);
    await feed(single);
  });
  afterAll(async () => {
    await split?.close();
    await single?.close();
    for (const db of databases) await db.drop();
  });

  it('writes the logs only to the log store and the config rows only to the main store', async () => {
    const logs = await rowsIn(split, 'logOrm');
    expect(logs).toMatchObject({ requests: 40, expertLogs: 1, models: 2, keys: 0 });
    expect(logs.rollups).toBeGreaterThan(0);
    expect(await rowsIn(split, 'orm')).toEqual({ requests: 0, expertLogs: 0, rollups: 0, models: 0, keys: 2 });
    expect(split.logOrm.dialect).toBe(logDialect);
  });

  it('answers every dashboard exactly as one store does, names and disable_logging from the main store', async () => {
    const answers = await dashboards(split);
    expect(answers).toEqual(await dashboards(single));
    // Not vacuous: the silenced key is left out, a deleted key shows by its id, a deleted provider has no name.
    expect(answers.stats.totalRequests).toBeGreaterThan(0);
    expect(answers.byKey.map((k) => [k.virtualKeyId, k.virtualKeyName]).sort()).toEqual([
      ['key-a', 'Key A'],
      ['key-gone', 'key-gone'],
    ]);
    expect(answers.models.some((m) => m.providerName === 'Provider One')).toBe(true);
    expect(answers.models.some((m) => m.providerName === null)).toBe(true);
    expect(answers.goneKeyPage.total).toBeGreaterThan(0);
  });

  it('reads and cleans logs in the log store, and reports both stores in health()', async () => {
    expect((await split.apiRequests.getById('req-001'))?.virtual_key_id).toBe('key-quiet');
    expect((await split.expertRoutingLogs.getGlobalStatistics(0)).totalRequests).toBe(1);
    const health = await split.health();
    expect(health).toMatchObject({ ok: true, dialect: mainDialect, logStore: { ok: true, dialect: logDialect } });
    expect(JSON.stringify(health)).not.toMatch(/password/i);
    expect(await split.apiRequests.cleanOldRecords(0)).toBe(40);
    expect((await rowsIn(split, 'logOrm')).requests).toBe(0);
  });
});

describe.each(testDialects())('LOG_DB_URL over a main store that already holds request logs (%s)', (dialect) => {
  it('refuses to open, saying how to move the logs, and changes nothing', async () => {
    const main = await createTestDatabase(dialect, 'split_old');
    const logs = await createTestDatabase(dialect, 'split_new');
    try {
      const before = await open(main);
      before.apiRequests.create({ model: 'gpt-4o' });
      await before.close();
      await expect(open(main, logs)).rejects.toMatchObject({
        code: 'CONFIG',
        message: expect.stringContaining('already holds request logs'),
      });
      const after = await open(main);
      expect((await rowsIn(after, 'orm')).requests).toBe(1);
      await after.close();
    } finally {
      await main.drop();
      await logs.drop();
    }
  });
});
