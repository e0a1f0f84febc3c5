import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aGateway } from './support/fixtures.js';
import { nextMillisecond, openTestStore, type TestStore } from './support/test-store.js';

describe.each(testDialects())('portkey gateways on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  const defaults = async () =>
    (await store.repos.portkeyGateways.getAll()).filter((g) => g.is_default).map((g) => g.id);

  it('creates a gateway with install_status pending, enabled and not the default', async () => {
    const gateway = await aGateway(store.repos, { port: 8787, api_key: `pgw_${'x'.repeat(32)}` });
    expect(gateway).toMatchObject({
      install_status: 'pending',
      enabled: true,
      is_default: false,
      port: 8787,
      last_heartbeat: null,
    });
    expect(await store.repos.portkeyGateways.getById(gateway.id)).toEqual(gateway);
  });

  it('keeps at most one default: creating a new default clears the previous one', async () => {
    const first = await aGateway(store.repos, { is_default: true });
    const second = await aGateway(store.repos, { is_default: true });
    expect(await defaults()).toEqual([second.id]);
    expect((await store.repos.portkeyGateways.getById(first.id))?.is_default).toBe(false);
  });

  it('keeps at most one default: making a gateway the default by update clears the previous one', async () => {
    const first = await aGateway(store.repos, { is_default: true });
    const second = await aGateway(store.repos);
    const updated = await store.repos.portkeyGateways.update(second.id, { is_default: true });
    expect(updated?.is_default).toBe(true);
    expect(await defaults()).toEqual([second.id]);
    expect((await store.repos.portkeyGateways.getById(first.id))?.is_default).toBe(false);
  });

  it('keeps exactly one default when several gateways are made the default at the same time', async () => {
    const gateways = await Promise.all(Array.from({ length: 10 }, () => aGateway(store.repos)));
    await Promise.all(gateways.map((g) => store.repos.portkeyGateways.update(g.id, { is_default: true })));
    await Promise.all(Array.from({ length: 10 }, () => aGateway(store.repos, { is_default: true })));
    expect(await defaults()).toHaveLength(1);
  });

  it('leaves the default alone when updating a gateway that does not exist', async () => {
    const current = await aGateway(store.repos, { is_default: true });
    expect(await store.repos.portkeyGateways.update('missing', { is_default: true })).toBeUndefined();
    expect(await defaults()).toEqual([current.id]);
  });

  it('lists the default gateway first, then the others newest first', async () => {
    const a = await aGateway(store.repos);
    await nextMillisecond();
    const b = await aGateway(store.repos, { is_default: true });
    await nextMillisecond();
    const c = await aGateway(store.repos);
    expect((await store.repos.portkeyGateways.getAll()).map((g) => g.id)).toEqual([b.id, c.id, a.id]);
  });

  it('returns the default only while it is enabled', async () => {
    const gateway = await aGateway(store.repos, { is_default: true });
    expect((await store.repos.portkeyGateways.getDefault())?.id).toBe(gateway.id);
    await store.repos.portkeyGateways.update(gateway.id, { enabled: false });
    expect(await store.repos.portkeyGateways.getDefault()).toBeUndefined();
  });

  it('lists only enabled gateways, the default first', async () => {
    const a = await aGateway(store.repos);
    await aGateway(store.repos, { enabled: false });
    await nextMillisecond();
    const c = await aGateway(store.repos, { is_default: true });
    expect((await store.repos.portkeyGateways.getEnabled()).map((g) => g.id)).toEqual([c.id, a.id]);
  });

  it('records a heartbeat with the time, agent version and install status', async () => {
    const gateway = await aGateway(store.repos);
    const before = Date.now();
    const beat = await store.repos.portkeyGateways.recordHeartbeat(gateway.id, {
      agent_version: '1.2.3',
      install_status: 'installed',
    });
    expect(beat).toMatchObject({ agent_version: '1.2.3', install_status: 'installed', name: gateway.name });
    expect(beat?.last_heartbeat).toBeGreaterThanOrEqual(before);
    expect(await store.repos.portkeyGateways.recordHeartbeat('missing', { agent_version: '1' })).toBeUndefined();
  });

  it('deletes a gateway and, through the foreign key, its routing rules', async () => {
    const gateway = await aGateway(store.repos);
    const rule = await store.repos.modelRoutingRules.create({
      name: 'r',
      portkey_gateway_id: gateway.id,
      rule_type: 'model_name',
      rule_value: 'gpt-*',
    });
    expect(await store.repos.portkeyGateways.delete(gateway.id)).toBe(true);
    expect(await store.repos.portkeyGateways.getById(gateway.id)).toBeUndefined();
    expect(await store.repos.modelRoutingRules.getById(rule.id)).toBeUndefined();
  });
});
