import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aGateway } from './support/fixtures.js';
import { nextMillisecond, openTestStore, type TestStore } from './support/test-store.js';

describe.each(testDialects())('model routing rules on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  const aRule = (gatewayId: string, fields: { name?: string; priority?: number; enabled?: boolean } = {}) =>
    store.repos.modelRoutingRules.create({
      name: 'rule',
      portkey_gateway_id: gatewayId,
      rule_type: 'regex',
      rule_value: `^(gpt|o\\d)-.*$${'|x'.repeat(500)}`,
      ...fields,
    });

  it('creates a rule with priority 0 and enabled by default, keeping a long regex intact', async () => {
    const gateway = await aGateway(store.repos);
    const rule = await aRule(gateway.id);
    expect(rule).toMatchObject({ priority: 0, enabled: true, portkey_gateway_id: gateway.id });
    expect(rule.rule_value).toHaveLength(`^(gpt|o\\d)-.*$`.length + 1000);
    expect(await store.repos.modelRoutingRules.getById(rule.id)).toEqual(rule);
  });

  it('lists rules by priority, highest first, then newest first', async () => {
    const gateway = await aGateway(store.repos);
    const low = await aRule(gateway.id, { priority: 1 });
    await nextMillisecond();
    const highOld = await aRule(gateway.id, { priority: 10 });
    await nextMillisecond();
    const highNew = await aRule(gateway.id, { priority: 10 });
    expect((await store.repos.modelRoutingRules.getAll()).map((r) => r.id)).toEqual([highNew.id, highOld.id, low.id]);
  });

  it('lists the rules of one gateway by priority', async () => {
    const one = await aGateway(store.repos);
    const two = await aGateway(store.repos);
    const a = await aRule(one.id, { priority: 1 });
    await aRule(two.id, { priority: 5 });
    const c = await aRule(one.id, { priority: 3 });
    expect((await store.repos.modelRoutingRules.getByGatewayId(one.id)).map((r) => r.id)).toEqual([c.id, a.id]);
  });

  it('lists only enabled rules as enabled', async () => {
    const gateway = await aGateway(store.repos);
    const on = await aRule(gateway.id);
    await aRule(gateway.id, { enabled: false });
    expect((await store.repos.modelRoutingRules.getEnabled()).map((r) => r.id)).toEqual([on.id]);
  });

  it('updates the given fields and deletes a rule', async () => {
    const gateway = await aGateway(store.repos);
    const rule = await aRule(gateway.id);
    const updated = await store.repos.modelRoutingRules.update(rule.id, { priority: 7, enabled: false });
    expect(updated).toMatchObject({ priority: 7, enabled: false, rule_value: rule.rule_value });
    expect(await store.repos.modelRoutingRules.delete(rule.id)).toBe(true);
    expect(await store.repos.modelRoutingRules.getById(rule.id)).toBeUndefined();
  });
});
