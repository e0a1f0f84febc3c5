/**
 * Megabyte values (whole chat histories, upstream error pages, bodies) in the unbounded text columns come back
 * byte for byte on both dialects; a key larger than its column can index is either stored exactly (SQLite) or
 * rejected with DATA_DOES_NOT_FIT naming the column (MySQL), never cut.
 */

import { GatewayDbError } from '@gateway-db/core/errors.js';
import { testDialects } from '@gateway-db/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';
import { hostileText } from './support/hostile-text.js';

const MB = 1024 * 1024;

/** A hostile chunk repeated to `units` UTF-16 units (at most ~4 bytes each in UTF-8, well under 16 MiB packets). */
function hugeText(minUnits: number, maxUnits: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      hostileText.filter((chunk) => chunk.length > 0),
      fc.integer({ min: minUnits, max: maxUnits }),
      hostileText,
    )
    .map(([chunk, units, tail]) => chunk.repeat(Math.ceil(units / chunk.length)) + tail);
}

/** Where two long strings first differ, so a failure does not print megabytes. */
function difference(actual: string | null | undefined, expected: string): string | undefined {
  if (actual === expected) return undefined;
  if (typeof actual !== 'string') return `got ${String(actual)}`;
  let i = 0;
  while (i < actual.length && actual.charCodeAt(i) === expected.charCodeAt(i)) i++;
  return `lengths ${actual.length} vs ${expected.length}, first difference at ${i}`;
}

describe.each(testDialects())('huge values on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());

  it('stores megabytes in every kind of large text column and reads them back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(hugeText(MB, 2 * MB), hugeText(MB / 4, MB), async (history, body) => {
        expect(history.length).toBeGreaterThanOrEqual(MB);
        await store.reset();
        const { repos } = store;
        await repos.expertRoutingConfigs.create({ id: 'c', name: 'config', config: body });
        const log = await repos.expertRoutingLogs.create({
          expert_routing_id: 'c',
          request_hash: 'h',
          classifier_model: 'm',
          classification_result: 'code',
          selected_expert_id: 'e',
          selected_expert_type: 't',
          selected_expert_name: 'n',
          original_request: history,
          classifier_request: body,
          classifier_response: body,
        });
        const read = await repos.expertRoutingLogs.getById(log.id);
        expect(difference(read?.original_request, history)).toBeUndefined();
        expect(difference(read?.classifier_response, body)).toBeUndefined();
        expect(difference((await repos.expertRoutingConfigs.getById('c'))?.config, body)).toBeUndefined();
        // Lists leave the large columns out.
        expect(Object.keys((await repos.expertRoutingLogs.getByConfigId('c'))[0] ?? {})).not.toContain(
          'original_request',
        );

        repos.apiRequests.create({
          id: 'r1',
          status: 'error',
          error_message: body,
          request_body: history,
          response_body: body,
        });
        await repos.apiRequests.flush();
        const request = await repos.apiRequests.getById('r1');
        expect(difference(request?.request_body, history)).toBeUndefined();
        expect(difference(request?.error_message, body)).toBeUndefined();

        await repos.systemConfig.set('big', body, body);
        expect(difference((await repos.systemConfig.get('big'))?.value, body)).toBeUndefined();
        const provider = await repos.providers.create({ name: 'p', base_url: 'u', api_key: 'k', model_mapping: body });
        expect(difference((await repos.providers.getById(provider.id))?.model_mapping, body)).toBeUndefined();
      }),
      { numRuns: 4 },
    );
  });

  it('stores a key longer than MySQL can index exactly on SQLite and rejects it on MySQL, never cut', async () => {
    await fc.assert(
      fc.asyncProperty(hugeText(3100, 8000), async (longKey) => {
        await store.reset();
        let outcome: 'stored' | 'rejected';
        try {
          await store.repos.virtualKeys.create({ key_value: longKey, key_hash: 'h', name: 'long' });
          outcome = 'stored';
        } catch (error) {
          expect(error).toBeInstanceOf(GatewayDbError);
          expect(error).toMatchObject({ code: 'DATA_DOES_NOT_FIT', message: expect.stringContaining('key_value') });
          expect((error as Error).message).not.toContain(longKey.slice(0, 50));
          outcome = 'rejected';
        }
        expect(outcome).toBe(dialect === 'mysql' ? 'rejected' : 'stored');
        const found = await store.repos.virtualKeys.getByKeyValue(longKey);
        expect(difference(found?.key_value ?? '', outcome === 'stored' ? longKey : '')).toBeUndefined();
        // A prefix of the long key (whole code points: no half emoji) is another key.
        expect(await store.repos.virtualKeys.getByKeyValue(Array.from(longKey).slice(0, -1).join(''))).toBeUndefined();
      }),
      { numRuns: 10 },
    );
  });
});
