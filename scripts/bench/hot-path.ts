/**
 * Hot path of one proxied request: `virtualKeys.getByKeyValue` + `models.getById` + `providers.getById`,
 * through gateway-db vs the same three queries as raw prepared statements on the bare driver, per dialect.
 * Rounds alternate between the two so drift on a shared machine hits both alike.
 */
import type { BenchStore } from './bench-stores.js';
import { type LatencySummary, summarize, timeIterations } from './measure.js';

export interface HotPathResult {
  readonly dialect: string;
  readonly gatewayDb: LatencySummary;
  readonly raw: LatencySummary;
}

const KEYS = 1000;
const MODELS = 50;

async function seed(store: BenchStore): Promise<string[]> {
  const { db } = store;
  const provider = await db.providers.create({
    name: 'bench',
    base_url: 'http://127.0.0.1:1/v1',
    api_key: 'iv:cipher',
  });
  const models = [];
  for (let i = 0; i < MODELS; i++) {
    models.push(await db.models.create({ name: `m${i}`, provider_id: provider.id, model_identifier: `model-${i}` }));
  }
  const keys: string[] = [];
  for (let i = 0; i < KEYS; i++) {
    const value = `vk_bench${i.toString().padStart(16, '0')}`;
    const model = models[i % MODELS];
    await db.virtualKeys.create({
      key_value: value,
      key_hash: `hash${i}`,
      name: `k${i}`,
      model_id: model?.id ?? null,
      provider_id: provider.id,
    });
    keys.push(value);
  }
  return keys;
}

type Lookup = (keyValue: string) => Promise<unknown>;

function viaGatewayDb(store: BenchStore): Lookup {
  const { db } = store;
  return async (keyValue) => {
    const key = await db.virtualKeys.getByKeyValue(keyValue);
    if (!key?.model_id) throw new Error('bench: key not found');
    const model = await db.models.getById(key.model_id);
    if (!model?.provider_id) throw new Error('bench: model not found');
    return db.providers.getById(model.provider_id);
  };
}

function viaRawDriver(store: BenchStore): Lookup {
  const keySql = 'SELECT * FROM `virtual_keys` WHERE `key_value` = ?';
  const modelSql = 'SELECT * FROM `models` WHERE `id` = ?';
  const providerSql = 'SELECT * FROM `providers` WHERE `id` = ?';
  if (store.raw.kind === 'sqlite') {
    const key = store.raw.db.prepare<[string], { model_id: string }>(keySql);
    const model = store.raw.db.prepare<[string], { provider_id: string }>(modelSql);
    const provider = store.raw.db.prepare<[string], unknown>(providerSql);
    return async (keyValue) => {
      const k = key.get(keyValue);
      const m = k && model.get(k.model_id);
      return m && provider.get(m.provider_id);
    };
  }
  const pool = store.raw.pool;
  return async (keyValue) => {
    const [keys] = await pool.execute(keySql, [keyValue]);
    const k = (keys as { model_id: Buffer }[])[0];
    if (!k) throw new Error('bench: key not found');
    const [models] = await pool.execute(modelSql, [k.model_id]);
    const m = (models as { provider_id: Buffer }[])[0];
    if (!m) throw new Error('bench: model not found');
    const [providers] = await pool.execute(providerSql, [m.provider_id]);
    return providers;
  };
}

export async function benchHotPath(store: BenchStore, iterations: number, rounds = 5): Promise<HotPathResult> {
  const keys = await seed(store);
  const gateway = viaGatewayDb(store);
  const raw = viaRawDriver(store);
  const pick = (i: number) => keys[(i * 7919) % keys.length] ?? '';
  // Warm-up: statement caches, JIT, connection pool.
  await timeIterations(Math.min(2000, iterations), (i) => gateway(pick(i)));
  await timeIterations(Math.min(2000, iterations), (i) => raw(pick(i)));
  const gatewaySamples: number[] = [];
  const rawSamples: number[] = [];
  const perRound = Math.ceil(iterations / rounds);
  for (let round = 0; round < rounds; round++) {
    gatewaySamples.push(...(await timeIterations(perRound, (i) => gateway(pick(i + round)))));
    rawSamples.push(...(await timeIterations(perRound, (i) => raw(pick(i + round)))));
  }
  return { dialect: store.dialect, gatewayDb: summarize(gatewaySamples), raw: summarize(rawSamples) };
}
