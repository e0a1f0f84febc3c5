import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aKey, aModel, aProvider } from './support/fixtures.js';
import { nextMillisecond, openTestStore, type TestStore } from './support/test-store.js';

describe.each(testDialects())('virtual keys on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  it('keeps two keys that differ only by letter case apart', async () => {
    const upper = await aKey(store.repos, 'Key_A');
    const lower = await aKey(store.repos, 'key_a');
    expect((await store.repos.virtualKeys.getByKeyValue('Key_A'))?.id).toBe(upper.id);
    expect((await store.repos.virtualKeys.getByKeyValue('key_a'))?.id).toBe(lower.id);
    expect(await store.repos.virtualKeys.getByKeyValue('KEY_A')).toBeUndefined();
  });

  it('does not authenticate a key with a trailing space it does not have', async () => {
    const key = await aKey(store.repos, 'vk_admin');
    expect((await store.repos.virtualKeys.getByKeyValue('vk_admin'))?.id).toBe(key.id);
    expect(await store.repos.virtualKeys.getByKeyValue('vk_admin ')).toBeUndefined();
    const spaced = await aKey(store.repos, 'vk_admin ');
    expect((await store.repos.virtualKeys.getByKeyValue('vk_admin '))?.id).toBe(spaced.id);
  });

  it('creates a key with routing_strategy single, boolean flags and numeric rate limit', async () => {
    const provider = await aProvider(store.repos);
    const key = await aKey(store.repos, 'vk_abc', { provider_id: provider.id, rate_limit: 60, name: '测试 key 🔑' });
    expect(key).toMatchObject({
      routing_strategy: 'single',
      enabled: true,
      cache_enabled: false,
      disable_logging: false,
      rate_limit: 60,
      name: '测试 key 🔑',
      provider_id: provider.id,
    });
    expect(await store.repos.virtualKeys.getById(key.id)).toEqual(key);
  });

  it('lists keys newest first', async () => {
    const a = await aKey(store.repos, 'a');
    await nextMillisecond();
    const b = await aKey(store.repos, 'b');
    expect((await store.repos.virtualKeys.getAll()).map((k) => k.id)).toEqual([b.id, a.id]);
  });

  it('updates the given fields but never key_value or key_hash', async () => {
    const key = await aKey(store.repos, 'vk_original');
    const sneaky = { name: 'renamed', disable_logging: true, key_value: 'vk_stolen', key_hash: 'x' };
    const updated = await store.repos.virtualKeys.update(key.id, sneaky);
    expect(updated).toMatchObject({
      name: 'renamed',
      disable_logging: true,
      key_value: 'vk_original',
      key_hash: key.key_hash,
    });
    expect(await store.repos.virtualKeys.getByKeyValue('vk_stolen')).toBeUndefined();
  });

  it('deletes a key', async () => {
    const key = await aKey(store.repos, 'vk_gone');
    expect(await store.repos.virtualKeys.delete(key.id)).toBe(true);
    expect(await store.repos.virtualKeys.getByKeyValue('vk_gone')).toBeUndefined();
  });

  describe('counting the keys that use a model', () => {
    it('counts a key by model_id or by the JSON array model_ids, once even when both name the model', async () => {
      const [m1, m2, m3, unused] = await Promise.all([
        aModel(store.repos),
        aModel(store.repos),
        aModel(store.repos),
        aModel(store.repos),
      ]);
      await aKey(store.repos, 'k1', { model_id: m1!.id });
      await aKey(store.repos, 'k2', { model_ids: JSON.stringify([m1!.id, m2!.id]), routing_strategy: 'loadbalance' });
      await aKey(store.repos, 'k3', { model_id: m2!.id, model_ids: JSON.stringify([m2!.id, m3!.id]) });
      const counts = await store.repos.virtualKeys.countByModelIds([
        m1!.id,
        m2!.id,
        m3!.id,
        unused!.id,
        'no-such-model',
      ]);
      expect(counts).toEqual(
        new Map([
          [m1!.id, 2],
          [m2!.id, 2],
          [m3!.id, 1],
          [unused!.id, 0],
          ['no-such-model', 0],
        ]),
      );
      expect(await store.repos.virtualKeys.countByModelId(m2!.id)).toBe(2);
      expect(await store.repos.virtualKeys.countByModelId(unused!.id)).toBe(0);
    });

    it('ignores a model_ids value that is not valid JSON or not an array of ids', async () => {
      const model = await aModel(store.repos);
      await aKey(store.repos, 'broken', { model_ids: `["${model.id}"` });
      await aKey(store.repos, 'object', { model_ids: JSON.stringify({ id: model.id }) });
      await aKey(store.repos, 'valid', { model_ids: JSON.stringify([model.id]) });
      expect(await store.repos.virtualKeys.countByModelId(model.id)).toBe(1);
    });

    it('matches model ids exactly inside model_ids, letter case included', async () => {
      await aKey(store.repos, 'k', { model_ids: JSON.stringify(['Model_A']) });
      const counts = await store.repos.virtualKeys.countByModelIds(['Model_A', 'model_a']);
      expect(counts.get('Model_A')).toBe(1);
      expect(counts.get('model_a')).toBe(0);
    });

    it('returns an empty map for no ids', async () => {
      expect(await store.repos.virtualKeys.countByModelIds([])).toEqual(new Map());
    });
  });
});
