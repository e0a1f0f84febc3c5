/**
 * Every text column of every table, through its repository, holds hostile text (SQL fragments, quotes,
 * backslashes, wildcards, NUL, emoji, CJK, combining marks) and gives it back byte for byte on both dialects.
 */
import { testDialects } from '@gateway-db/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';
import { hostileKey, hostileText } from './support/hostile-text.js';

const t = hostileText;
const k = hostileKey;
const nullableText = fc.option(hostileText, { nil: null });

const rows = fc.record({
  provider: fc.record({ id: k, name: t, base_url: t, api_key: t, model_mapping: nullableText }),
  model: fc.record({
    id: k,
    name: t,
    model_identifier: t,
    routing_config_id: fc.option(k, { nil: null }),
    model_attributes: nullableText,
    prompt_config: nullableText,
    compression_config: nullableText,
    expert_routing_id: fc.option(k, { nil: null }),
  }),
  key: fc.record({
    id: k,
    key_value: k,
    key_hash: k,
    name: t,
    routing_strategy: t,
    model_ids: nullableText,
    routing_config: nullableText,
  }),
  user: fc.record({ id: k, username: k, password_hash: t }),
  setting: fc.record({ key: k, value: t, description: nullableText }),
  routingConfig: fc.record({ id: k, name: t, description: nullableText, type: t, config: t }),
  gateway: fc.record({
    id: k,
    name: t,
    url: t,
    description: nullableText,
    container_name: nullableText,
    api_key: nullableText,
    install_status: t,
    agent_version: nullableText,
  }),
  rule: fc.record({ id: k, name: t, description: nullableText, rule_type: t, rule_value: t }),
  expertConfig: fc.record({ id: k, name: t, description: nullableText, config: t }),
  expertLog: fc.record({
    id: k,
    request_hash: t,
    classifier_model: t,
    classification_result: t,
    selected_expert_id: t,
    selected_expert_type: t,
    selected_expert_name: t,
    original_request: nullableText,
    classifier_request: nullableText,
    classifier_response: nullableText,
  }),
  request: fc.record({
    id: k,
    model: nullableText,
    status: nullableText,
    error_message: nullableText,
    request_body: nullableText,
    response_body: nullableText,
  }),
});

/** The given fields of `row`, to compare with what was written. */
function fieldsOf<T extends object>(row: object | undefined, given: T): Partial<T> | undefined {
  if (row === undefined) return undefined;
  const picked: Record<string, unknown> = {};
  for (const name of Object.keys(given)) picked[name] = (row as Record<string, unknown>)[name];
  return picked as Partial<T>;
}

describe.each(testDialects())('hostile text round trip on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());

  it('stores hostile text in every text column of every table and reads it back byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (given) => {
        await store.reset();
        const { repos } = store;
        const provider = await repos.providers.create(given.provider);
        expect(fieldsOf(provider, given.provider)).toEqual(given.provider);
        expect(fieldsOf(await repos.providers.getById(given.provider.id), given.provider)).toEqual(given.provider);

        const model = await repos.models.create({ ...given.model, provider_id: provider.id });
        expect(fieldsOf(await repos.models.getById(given.model.id), given.model)).toEqual(given.model);
        expect(model.provider_id).toBe(given.provider.id);

        await repos.virtualKeys.create({ ...given.key, provider_id: provider.id, model_id: model.id });
        expect(fieldsOf(await repos.virtualKeys.getById(given.key.id), given.key)).toEqual(given.key);
        expect((await repos.virtualKeys.getByKeyValue(given.key.key_value))?.id).toBe(given.key.id);

        await repos.users.create(given.user);
        expect(fieldsOf(await repos.users.findById(given.user.id), given.user)).toEqual(given.user);
        expect((await repos.users.findByUsername(given.user.username))?.id).toBe(given.user.id);

        await repos.systemConfig.set(given.setting.key, given.setting.value, given.setting.description);
        expect(fieldsOf(await repos.systemConfig.get(given.setting.key), given.setting)).toEqual(given.setting);

        await repos.routingConfigs.create(given.routingConfig);
        expect(fieldsOf(await repos.routingConfigs.getById(given.routingConfig.id), given.routingConfig)).toEqual(
          given.routingConfig,
        );

        await repos.portkeyGateways.create(given.gateway);
        expect(fieldsOf(await repos.portkeyGateways.getById(given.gateway.id), given.gateway)).toEqual(given.gateway);

        const rule = { ...given.rule, portkey_gateway_id: given.gateway.id };
        await repos.modelRoutingRules.create(rule);
        expect(fieldsOf(await repos.modelRoutingRules.getById(rule.id), rule)).toEqual(rule);

        await repos.expertRoutingConfigs.create(given.expertConfig);
        expect(fieldsOf(await repos.expertRoutingConfigs.getById(given.expertConfig.id), given.expertConfig)).toEqual(
          given.expertConfig,
        );

        const log = { ...given.expertLog, expert_routing_id: given.expertConfig.id, virtual_key_id: given.key.id };
        await repos.expertRoutingLogs.create(log);
        expect(fieldsOf(await repos.expertRoutingLogs.getById(log.id), log)).toEqual(log);

        const request = { ...given.request, virtual_key_id: given.key.id, provider_id: provider.id };
        repos.apiRequests.create(request);
        await repos.apiRequests.flush();
        expect(fieldsOf(await repos.apiRequests.getById(request.id), request)).toEqual(request);
      }),
      { numRuns: 60 },
    );
  });
});
