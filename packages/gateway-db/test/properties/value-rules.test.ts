/**
 * One rule for odd values, the same on both dialects (src/repositories/value-rules.ts). Before it, MySQL stored NaN
 * tokens as -9.2e18, 2.5 as 2 and a Date as 20231114221320, SQLite NaN as NULL and 12345 in a text column as
 * "12345.0". Now an admin write refuses such a value naming the column, and a log row stores the normalised value
 * (and reports the column), identical on SQLite and MySQL.
 */
import { GatewayDbError } from '@gateway-db/core/errors.js';
import { testDialects } from '@gateway-db/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';

const MAX = Number.MAX_SAFE_INTEGER;

/** Numbers a gateway may pass: whole, fractional, huge, NaN, infinite. */
const anyNumber = fc.oneof(
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ noDefaultInfinity: false, noNaN: false }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2 ** 63,
    -(2 ** 63),
    2.5,
    -0.5,
    MAX,
    -MAX,
  ),
);

/** What a log row must store for a value of an integer column (the rule, written again here independently). */
function expectedInteger(value: number): number | null {
  if (Number.isNaN(value)) return null;
  const clamped = Math.min(MAX, Math.max(-MAX, value));
  const rounded = Math.round(clamped);
  return Object.is(rounded, -0) ? 0 : rounded;
}

const expectedDuration = (value: number): number | null => (Number.isFinite(value) ? value : null);

describe.each(testDialects())('odd values on %s', (dialect) => {
  let store: TestStore;

  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(() => store?.close());

  it('stores a log row with odd numbers as the rule says, and the same on both dialects', async () => {
    await fc.assert(
      fc.asyncProperty(anyNumber, anyNumber, anyNumber, async (tokens, prompt, responseTime) => {
        const created = store.repos.apiRequests.create({
          status: 'success',
          total_tokens: tokens,
          prompt_tokens: prompt,
          response_time: responseTime,
        });
        await store.repos.apiRequests.flush();
        const stored = await store.repos.apiRequests.getById(created.id);
        expect(stored?.total_tokens).toBe(expectedInteger(tokens));
        expect(stored?.prompt_tokens).toBe(expectedInteger(prompt));
        expect(stored?.response_time === null ? null : Number(stored?.response_time)).toBe(
          expectedDuration(responseTime) === null ? null : Object.is(responseTime, -0) ? 0 : responseTime,
        );
        // create() returns the row as stored (-0 and 0 are the same number: both stores keep 0).
        expect(created.total_tokens === stored?.total_tokens).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('stores a Date given as a log row time as its ms, and text given as a number as its digits', async () => {
    const at = new Date('2023-11-14T22:13:20.000Z');
    const created = store.repos.apiRequests.create({
      created_at: at as unknown as number,
      model: 12345 as unknown as string,
      status: 'success',
    });
    await store.repos.apiRequests.flush();
    const stored = await store.repos.apiRequests.getById(created.id);
    expect(stored?.created_at).toBe(at.getTime());
    expect(stored?.model).toBe('12345');
    expect(store.repos.apiRequests).toBeDefined();
  });

  it('refuses odd numbers in admin writes with DATA_DOES_NOT_FIT naming the column, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(anyNumber, async (limit) => {
        const write = store.repos.virtualKeys.create({
          key_value: `vk_${Math.random()}`,
          key_hash: `h_${Math.random()}`,
          name: 'limits',
          rate_limit: limit,
        });
        if (Number.isSafeInteger(limit)) {
          const key = await write;
          expect(key.rate_limit).toBe(Object.is(limit, -0) ? 0 : limit);
          await store.repos.virtualKeys.delete(key.id);
          return;
        }
        const error = await write.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(GatewayDbError);
        expect((error as GatewayDbError).code).toBe('DATA_DOES_NOT_FIT');
        expect((error as GatewayDbError).message).toMatch(/^virtual_keys\.rate_limit must be a whole number/);
        expect((await store.repos.virtualKeys.getAll()).length).toBe(0);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses a number where text belongs and text where a number belongs, in updates too', async () => {
    const rule = await store.repos.portkeyGateways.create({ name: 'g', url: 'http://g' });
    await expect(store.repos.portkeyGateways.update(rule.id, { port: '8080' as unknown as number })).rejects.toThrow(
      /portkey_gateways\.port must be a whole number/,
    );
    await expect(
      store.repos.providers.create({ name: 12345 as unknown as string, base_url: 'u', api_key: 'k' }),
    ).rejects.toThrow(/providers\.name must be a string/);
    expect((await store.repos.portkeyGateways.getById(rule.id))?.port).toBeNull();
  });
});
