import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nextMillisecond, openTestStore, type TestStore } from './support/test-store.js';

describe.each(testDialects())('system config on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  it('returns undefined for a key that was never set', async () => {
    expect(await store.repos.systemConfig.get('cors_enabled')).toBeUndefined();
  });

  it('inserts a value with its description and stamps updated_at', async () => {
    const before = Date.now();
    await store.repos.systemConfig.set('cors_enabled', 'true', 'Allow cross-origin requests');
    const row = await store.repos.systemConfig.get('cors_enabled');
    expect(row).toMatchObject({ key: 'cors_enabled', value: 'true', description: 'Allow cross-origin requests' });
    expect(row?.updated_at).toBeGreaterThanOrEqual(before);
  });

  it('replaces the value and keeps the old description when none is given', async () => {
    await store.repos.systemConfig.set('public_url', 'http://a', 'Public URL');
    const first = await store.repos.systemConfig.get('public_url');
    await nextMillisecond();
    await store.repos.systemConfig.set('public_url', 'http://b');
    const second = await store.repos.systemConfig.get('public_url');
    expect(second).toMatchObject({ value: 'http://b', description: 'Public URL' });
    expect(second!.updated_at).toBeGreaterThan(first!.updated_at);
  });

  it('replaces the description when one is given', async () => {
    await store.repos.systemConfig.set('allow_registration', 'false', 'old');
    await store.repos.systemConfig.set('allow_registration', 'true', 'new');
    expect(await store.repos.systemConfig.get('allow_registration')).toMatchObject({
      value: 'true',
      description: 'new',
    });
  });

  it('keeps keys that differ only by letter case apart', async () => {
    await store.repos.systemConfig.set('cors_enabled', 'true');
    await store.repos.systemConfig.set('CORS_ENABLED', 'false');
    expect((await store.repos.systemConfig.get('cors_enabled'))?.value).toBe('true');
    expect((await store.repos.systemConfig.get('CORS_ENABLED'))?.value).toBe('false');
  });

  it('lists every setting ordered by key', async () => {
    await store.repos.systemConfig.set('public_url', 'http://x');
    await store.repos.systemConfig.set('cors_enabled', 'true');
    await store.repos.systemConfig.set('expert_routing_preview_width', '800');
    expect((await store.repos.systemConfig.getAll()).map((row) => row.key)).toEqual([
      'cors_enabled',
      'expert_routing_preview_width',
      'public_url',
    ]);
  });
});
