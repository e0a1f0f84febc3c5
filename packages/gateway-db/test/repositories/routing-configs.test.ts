import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nextMillisecond, openTestStore, type TestStore } from './support/test-store.js';

const CONFIG = '{"targets":[{"provider":"a","weight":0.7},{"provider":"b","weight":0.3}]}';

describe.each(testDialects())('routing configs on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  it('creates a config enabled by default and returns the stored row', async () => {
    const config = await store.repos.routingConfigs.create({ name: 'lb', type: 'loadbalance', config: CONFIG });
    expect(config).toMatchObject({ name: 'lb', type: 'loadbalance', config: CONFIG, enabled: true, description: null });
    expect(await store.repos.routingConfigs.getById(config.id)).toEqual(config);
  });

  it('lists configs newest first', async () => {
    const a = await store.repos.routingConfigs.create({ name: 'a', type: 'fallback', config: '{}' });
    await nextMillisecond();
    const b = await store.repos.routingConfigs.create({ name: 'b', type: 'fallback', config: '{}' });
    expect((await store.repos.routingConfigs.getAll()).map((c) => c.id)).toEqual([b.id, a.id]);
  });

  it('updates only the fields that are defined', async () => {
    const config = await store.repos.routingConfigs.create({
      name: 'a',
      description: 'keep',
      type: 'fallback',
      config: '{}',
    });
    const updated = await store.repos.routingConfigs.update(config.id, {
      name: 'b',
      description: undefined,
      enabled: false,
    });
    expect(updated).toMatchObject({ name: 'b', description: 'keep', enabled: false, type: 'fallback' });
  });

  it('deletes a config', async () => {
    const config = await store.repos.routingConfigs.create({ name: 'a', type: 'fallback', config: '{}' });
    expect(await store.repos.routingConfigs.delete(config.id)).toBe(true);
    expect(await store.repos.routingConfigs.getById(config.id)).toBeUndefined();
  });
});
