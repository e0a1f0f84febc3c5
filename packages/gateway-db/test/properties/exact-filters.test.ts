/**
 * Every lookup and filter compares byte for byte on both dialects: with hostile values stored (SQL fragments,
 * LIKE wildcards, quotes, NUL, emoji, look-alikes), asking for a value returns exactly the rows that hold that
 * value, and asking for a near miss (other case, extra space, other Unicode form, a wildcard) returns nothing.
 */
import { testDialects } from '@gateway-db/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Repositories } from '../../src/repositories/index.js';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';
import { byteOrder, distinctKeys, nearMisses, SQL_LOOKING } from './support/hostile-text.js';

/** One row per table for each value: the value is the id, the lookup column and the filter column. */
async function storeRowsFor(repos: Repositories, values: readonly string[]): Promise<void> {
  for (const [i, value] of values.entries()) {
    await repos.providers.create({
      id: value,
      name: `provider ${i}`,
      base_url: 'http://upstream',
      api_key: 'iv:cipher',
    });
    await repos.models.create({ id: value, name: `model ${i}`, model_identifier: 'm', provider_id: value });
    await repos.virtualKeys.create({
      id: value,
      key_value: value,
      key_hash: `hash ${i}`,
      name: `key ${i}`,
      model_id: value,
      model_ids: JSON.stringify([value]),
    });
    await repos.users.create({ id: `user ${i}`, username: value, password_hash: 'salt:hash' });
    await repos.systemConfig.set(value, `setting ${i}`);
    await repos.portkeyGateways.create({ id: value, name: `gateway ${i}`, url: 'http://gw' });
    await repos.modelRoutingRules.create({
      id: `rule ${i}`,
      name: 'r',
      portkey_gateway_id: value,
      rule_type: 'exact',
      rule_value: value,
    });
    await repos.expertRoutingConfigs.create({ id: value, name: `expert ${i}`, config: '{}' });
    await repos.expertRoutingLogs.create({
      id: `log ${i}`,
      expert_routing_id: value,
      virtual_key_id: value,
      request_hash: 'h',
      classifier_model: 'c',
      classification_result: value,
      selected_expert_id: 'e',
      selected_expert_type: 't',
      selected_expert_name: 'n',
    });
    repos.apiRequests.create({
      id: `request ${i}`,
      virtual_key_id: value,
      provider_id: value,
      model: value,
      status: value,
      created_at: 1_700_000_000_000 + i,
    });
  }
  await repos.apiRequests.flush();
}

/** What every lookup returns for `probe`, reduced to the row index it found (or -1). */
async function lookups(repos: Repositories, probe: string) {
  const only = <T>(rows: T[], id: (row: T) => string) => rows.map(id);
  const page = async (filters: Parameters<Repositories['apiRequests']['getAll']>[0]) => {
    const result = await repos.apiRequests.getAll({ ...filters, startTime: 0 });
    return { ids: result.data.map((row) => row.id), total: result.total };
  };
  return {
    provider: (await repos.providers.getById(probe))?.name,
    modelsOfProvider: only(await repos.models.getByProviderId(probe), (m) => m.name),
    modelCount: await repos.models.countByProviderId(probe),
    keyByValue: (await repos.virtualKeys.getByKeyValue(probe))?.name,
    keyById: (await repos.virtualKeys.getById(probe))?.name,
    keysOfModel: await repos.virtualKeys.countByModelId(probe),
    user: (await repos.users.findByUsername(probe))?.id,
    setting: (await repos.systemConfig.get(probe))?.value,
    rulesOfGateway: only(await repos.modelRoutingRules.getByGatewayId(probe), (r) => r.id),
    logsOfConfig: only(await repos.expertRoutingLogs.getByConfigId(probe), (l) => l.id),
    logsOfCategory: only(await repos.expertRoutingLogs.getByCategory(probe, probe), (l) => l.id),
    byStatus: await page({ status: probe }),
    byModel: await page({ model: probe }),
    byKey: await page({ virtualKeyId: probe }),
    byProvider: await page({ providerId: probe }),
    byAll: await page({ status: probe, model: probe, virtualKeyId: probe, providerId: probe }),
    requestsOfKey: only(await repos.apiRequests.getByVirtualKey(probe), (r) => r.id),
  };
}

/** What `lookups` must return when `probe` is the value of row `i`, or no stored value (`i` = -1). */
function expectedLookups(i: number): Awaited<ReturnType<typeof lookups>> {
  const found = i >= 0;
  const one = (name: string) => (found ? [name] : []);
  const requests = { ids: one(`request ${i}`), total: found ? 1 : 0 };
  return {
    provider: found ? `provider ${i}` : undefined,
    modelsOfProvider: one(`model ${i}`),
    modelCount: found ? 1 : 0,
    keyByValue: found ? `key ${i}` : undefined,
    keyById: found ? `key ${i}` : undefined,
    keysOfModel: found ? 1 : 0,
    user: found ? `user ${i}` : undefined,
    setting: found ? `setting ${i}` : undefined,
    rulesOfGateway: one(`rule ${i}`),
    logsOfConfig: one(`log ${i}`),
    logsOfCategory: one(`log ${i}`),
    byStatus: requests,
    byModel: requests,
    byKey: requests,
    byProvider: requests,
    byAll: requests,
    requestsOfKey: one(`request ${i}`),
  };
}

describe.each(testDialects())('exact lookups and filters on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());

  it('finds exactly the row holding the value, and nothing for a near miss, in every lookup and filter', async () => {
    await fc.assert(
      fc.asyncProperty(distinctKeys(1, 3), fc.subarray([...SQL_LOOKING], { maxLength: 3 }), async (values, extra) => {
        await store.reset();
        await storeRowsFor(store.repos, values);
        const probes = new Set([...values, ...nearMisses(values[0] ?? ''), ...extra]);
        for (const probe of probes) {
          const found = await lookups(store.repos, probe);
          expect({ probe, found }).toEqual({ probe, found: expectedLookups(values.indexOf(probe)) });
        }
      }),
      { numRuns: 40 },
    );
  });

  it('orders users by username and settings by key in UTF-8 byte order, the same on both dialects', async () => {
    await fc.assert(
      fc.asyncProperty(distinctKeys(2, 6), async (values) => {
        await store.reset();
        for (const [i, value] of values.entries()) {
          await store.repos.users.create({ id: `user ${i}`, username: value, password_hash: 'salt:hash' });
          await store.repos.systemConfig.set(value, `setting ${i}`);
        }
        const sorted = [...values].sort(byteOrder);
        expect((await store.repos.users.getAll()).map((user) => user.username)).toEqual(sorted);
        expect((await store.repos.systemConfig.getAll()).map((setting) => setting.key)).toEqual(sorted);
      }),
      { numRuns: 50 },
    );
  });
});
