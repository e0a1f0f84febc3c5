import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aModel, aProvider } from './support/fixtures.js';
import { nextMillisecond, openTestStore, type TestStore } from './support/test-store.js';

describe.each(testDialects())('models on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  it('creates a model with boolean flags defaulting to enabled and not virtual', async () => {
    const provider = await aProvider(store.repos);
    const model = await aModel(store.repos, { provider_id: provider.id, model_attributes: '{"vision":true}' });
    expect(model).toMatchObject({
      provider_id: provider.id,
      enabled: true,
      is_virtual: false,
      expert_routing_id: null,
    });
    expect(model.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(await store.repos.models.getById(model.id)).toEqual(model);
  });

  it('lists all models, and the models of one provider, newest first', async () => {
    const openai = await aProvider(store.repos);
    const other = await aProvider(store.repos);
    const a = await aModel(store.repos, { provider_id: openai.id });
    await nextMillisecond();
    const b = await aModel(store.repos, { provider_id: other.id });
    await nextMillisecond();
    const c = await aModel(store.repos, { provider_id: openai.id });
    expect((await store.repos.models.getAll()).map((m) => m.id)).toEqual([c.id, b.id, a.id]);
    expect((await store.repos.models.getByProviderId(openai.id)).map((m) => m.id)).toEqual([c.id, a.id]);
    expect(await store.repos.models.getByProviderId('none')).toEqual([]);
  });

  it('counts the models of a provider as a number', async () => {
    const provider = await aProvider(store.repos);
    await aModel(store.repos, { provider_id: provider.id });
    await aModel(store.repos, { provider_id: provider.id });
    await aModel(store.repos);
    expect(await store.repos.models.countByProviderId(provider.id)).toBe(2);
    expect(await store.repos.models.countByProviderId('none')).toBe(0);
  });

  it('updates only the fields given and returns the row', async () => {
    const model = await aModel(store.repos, { prompt_config: '{"a":1}' });
    const updated = await store.repos.models.update(model.id, { is_virtual: true, routing_config_id: 'rc1' });
    expect(updated).toMatchObject({
      is_virtual: true,
      routing_config_id: 'rc1',
      prompt_config: '{"a":1}',
      name: model.name,
    });
    expect(updated?.created_at).toBe(model.created_at);
  });

  it('deletes a model', async () => {
    const model = await aModel(store.repos);
    expect(await store.repos.models.delete(model.id)).toBe(true);
    expect(await store.repos.models.getById(model.id)).toBeUndefined();
  });
});
