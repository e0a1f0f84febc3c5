import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aModel } from './support/fixtures.js';
import { nextMillisecond, openTestStore, type TestStore } from './support/test-store.js';

const CONFIG = JSON.stringify({ classifier: { prompt: '请分类 {{input}} 🧠' }, experts: [{ id: 'e1' }] });

describe.each(testDialects())('expert routing configs on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  const aConfig = (fields: { name?: string; enabled?: boolean } = {}) =>
    store.repos.expertRoutingConfigs.create({ name: 'experts', config: CONFIG, ...fields });

  it('creates a config enabled by default, keeping its JSON byte for byte', async () => {
    const config = await aConfig();
    expect(config).toMatchObject({ enabled: true, config: CONFIG, description: null });
    expect(await store.repos.expertRoutingConfigs.getById(config.id)).toEqual(config);
  });

  it('lists all configs and the enabled ones, newest first', async () => {
    const a = await aConfig();
    await nextMillisecond();
    const b = await aConfig({ enabled: false });
    await nextMillisecond();
    const c = await aConfig();
    expect((await store.repos.expertRoutingConfigs.getAll()).map((x) => x.id)).toEqual([c.id, b.id, a.id]);
    expect((await store.repos.expertRoutingConfigs.getEnabled()).map((x) => x.id)).toEqual([c.id, a.id]);
  });

  it('updates the given fields', async () => {
    const config = await aConfig();
    expect(await store.repos.expertRoutingConfigs.update(config.id, { description: 'd' })).toMatchObject({
      description: 'd',
      config: CONFIG,
    });
  });

  it('clears models.expert_routing_id pointing to a deleted config, and only those', async () => {
    const doomed = await aConfig();
    const kept = await aConfig();
    const pointing = await aModel(store.repos, { expert_routing_id: doomed.id, is_virtual: true });
    const other = await aModel(store.repos, { expert_routing_id: kept.id, is_virtual: true });
    expect(await store.repos.expertRoutingConfigs.delete(doomed.id)).toBe(true);
    expect(await store.repos.expertRoutingConfigs.getById(doomed.id)).toBeUndefined();
    expect((await store.repos.models.getById(pointing.id))?.expert_routing_id).toBeNull();
    expect((await store.repos.models.getById(other.id))?.expert_routing_id).toBe(kept.id);
  });

  it('says false when deleting a config that does not exist', async () => {
    expect(await store.repos.expertRoutingConfigs.delete('missing')).toBe(false);
  });
});
