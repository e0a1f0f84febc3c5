import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aProvider } from './support/fixtures.js';
import { nextMillisecond, openTestStore, type TestStore } from './support/test-store.js';

describe.each(testDialects())('providers on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  it('creates a provider with a free-text id typed in by the admin and enabled by default', async () => {
    const id = 'My Provider / 中文 🚀 with spaces';
    const provider = await aProvider(store.repos, { id, model_mapping: '{"gpt-4":"gpt-4o"' });
    expect(provider).toMatchObject({ id, enabled: true, model_mapping: '{"gpt-4":"gpt-4o"' });
    expect(await store.repos.providers.getById(id)).toEqual(provider);
  });

  it('lists providers newest first', async () => {
    const first = await aProvider(store.repos, { name: 'first' });
    await nextMillisecond();
    const second = await aProvider(store.repos, { name: 'second' });
    expect((await store.repos.providers.getAll()).map((p) => p.id)).toEqual([second.id, first.id]);
  });

  it('updates only the fields given, bumps updated_at and returns the row', async () => {
    const provider = await aProvider(store.repos, { name: 'before', model_mapping: '{}' });
    await nextMillisecond();
    const updated = await store.repos.providers.update(provider.id, { name: 'after', enabled: false });
    expect(updated).toEqual({
      ...provider,
      name: 'after',
      enabled: false,
      updated_at: expect.any(Number),
    });
    expect(updated?.updated_at).toBeGreaterThan(provider.updated_at);
    expect(await store.repos.providers.getById(provider.id)).toEqual(updated);
  });

  it('returns undefined when updating a provider that does not exist', async () => {
    expect(await store.repos.providers.update('missing', { name: 'x' })).toBeUndefined();
  });

  it('deletes a provider and says whether one was deleted', async () => {
    const provider = await aProvider(store.repos);
    expect(await store.repos.providers.delete(provider.id)).toBe(true);
    expect(await store.repos.providers.getById(provider.id)).toBeUndefined();
    expect(await store.repos.providers.delete(provider.id)).toBe(false);
  });
});
