/**
 * `virtualKeys.getByKeyValue` authenticates every proxied request, so it must match the bearer secret byte for
 * byte on both dialects: another letter case, a space or tab before or after, a Unicode look-alike (Cyrillic а,
 * fullwidth Ａ), another normalization form (NFC/NFD) or an invisible character (zero-width space, BOM) is another
 * key, and never authenticates.
 */
import { createHash } from 'node:crypto';
import { testDialects } from '@gateway-db/test-support';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from '../repositories/support/test-store.js';

const NANOID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** Keys as the gateway issues them: `vk_` + 21 nanoid characters, or a custom key of 8-64 of the same. */
const issuedKey = fc.oneof(
  fc.string({ unit: fc.constantFrom(...NANOID), minLength: 21, maxLength: 21 }).map((id) => `vk_${id}`),
  fc.string({ unit: fc.constantFrom(...NANOID), minLength: 8, maxLength: 64 }),
);

/** Latin letters and the characters that look the same. */
const LOOK_ALIKES: Record<string, string[]> = {
  a: ['\u0430', '\uff41', '\u0251'],
  e: ['\u0435', '\uff45'],
  o: ['\u043e', '\u03bf', '\uff4f', '0'],
  c: ['\u0441', '\uff43'],
  p: ['\u0440'],
  x: ['\u0445'],
  y: ['\u0443'],
  i: ['\u0456', '\u0131', '\u00ed'],
  A: ['\u0410', '\u0391', '\uff21'],
  B: ['\u0412', '\u0392'],
  K: ['\u041a', '\u212a'],
  O: ['\u041e', '0'],
  l: ['1', 'I', '\u04cf'],
  '0': ['O', '\uff10'],
  '1': ['l', '\uff11'],
  _: ['\uff3f', '\u2017'],
  '-': ['\u2010', '\u2011', '\u2212'],
};

const INVISIBLES = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad'];
const WHITESPACE = [' ', '\t', '\n', '\r\n', '\u00a0', '\u3000'];

/** A change to a key that leaves it looking (almost) the same. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('case' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('look-alike' as const), at: fc.nat(), pick: fc.nat() }),
  fc.record({ kind: fc.constant('invisible' as const), at: fc.nat(), char: fc.constantFrom(...INVISIBLES) }),
  fc.record({ kind: fc.constant('leading' as const), char: fc.constantFrom(...WHITESPACE) }),
  fc.record({ kind: fc.constant('trailing' as const), char: fc.constantFrom(...WHITESPACE, '\u0000') }),
  fc.record({ kind: fc.constant('fullwidth' as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** The mutated key, or undefined when the mutation does not apply to this key (e.g. no letter to change). */
function mutate(key: string, change: Mutation): string | undefined {
  const chars = [...key];
  const at = 'at' in change ? change.at % chars.length : 0;
  const char = chars[at] ?? '';
  switch (change.kind) {
    case 'case': {
      const swapped = char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase();
      if (swapped === char) return undefined;
      chars[at] = swapped;
      return chars.join('');
    }
    case 'look-alike': {
      const options = LOOK_ALIKES[char];
      if (!options) return undefined;
      chars[at] = options[change.pick % options.length] ?? char;
      return chars.join('');
    }
    case 'fullwidth': {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x21 || code > 0x7e) return undefined;
      chars[at] = String.fromCodePoint(code - 0x21 + 0xff01);
      return chars.join('');
    }
    case 'invisible':
      chars.splice(at, 0, change.char);
      return chars.join('');
    case 'leading':
      return change.char + key;
    case 'trailing':
      return key + change.char;
  }
}

function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

describe.each(testDialects())('virtual key authentication on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  async function storeKey(key: string, name: string): Promise<void> {
    await store.repos.virtualKeys.create({ key_value: key, key_hash: keyHash(key), name });
  }

  it('authenticates only the byte-identical key after a case, space, look-alike or invisible change', async () => {
    await fc.assert(
      fc.asyncProperty(issuedKey, fc.array(mutation, { minLength: 1, maxLength: 3 }), async (key, changes) => {
        await store.reset();
        await storeKey(key, 'the key');
        expect((await store.repos.virtualKeys.getByKeyValue(key))?.name).toBe('the key');
        for (const change of changes) {
          const other = mutate(key, change);
          if (other === undefined) continue;
          expect({ change, found: await store.repos.virtualKeys.getByKeyValue(other) }).toEqual({
            change,
            found: undefined,
          });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps keys that differ only by case, spacing, look-alikes or invisible characters apart', async () => {
    const family = [
      'vk_Admin_Key_0001',
      'vk_admin_key_0001',
      'VK_ADMIN_KEY_0001',
      'vk_Admin_Key_0001 ',
      ' vk_Admin_Key_0001',
      'vk_Admin_Key_0001\t',
      '\tvk_Admin_Key_0001',
      'vk_Admin_Key_0001  ',
      'vk_\u0410dmin_Key_0001',
      'vk_Admin_K\u0435y_0001',
      'vk_\uff21dmin_Key_0001',
      'vk_Admin\u200b_Key_0001',
      '\ufeffvk_Admin_Key_0001',
      'vk_Admin_Key_0001\u0000',
      'vk_Admin_Key_0001\u00a0',
    ];
    for (const [i, key] of family.entries()) await storeKey(key, `key ${i}`);
    for (const [i, key] of family.entries()) {
      expect({ key, name: (await store.repos.virtualKeys.getByKeyValue(key))?.name }).toEqual({
        key,
        name: `key ${i}`,
      });
    }
    expect(await store.repos.virtualKeys.getByKeyValue('vk_admin_KEY_0001')).toBeUndefined();
    expect(await store.repos.virtualKeys.getByKeyValue('vk_Admin_Key_000')).toBeUndefined();
    expect(await store.repos.virtualKeys.getByKeyValue('vk_Admin_Key_0001\n')).toBeUndefined();
  });

  it('treats the NFC and NFD forms of the same text as two keys', async () => {
    const nfc = 'vk_caf\u00e9_\u00c5ngstr\u00f6m';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    await storeKey(nfc, 'composed');
    expect(await store.repos.virtualKeys.getByKeyValue(nfd)).toBeUndefined();
    await storeKey(nfd, 'decomposed');
    expect((await store.repos.virtualKeys.getByKeyValue(nfc))?.name).toBe('composed');
    expect((await store.repos.virtualKeys.getByKeyValue(nfd))?.name).toBe('decomposed');
    // Compatibility forms (ligatures, fullwidth, the Kelvin sign) are other keys too.
    for (const other of ['vk_\ufb01le_1', 'vk_\uff46ile_2', 'vk_\u212aelvin']) {
      await storeKey(other.normalize('NFKC'), `plain ${other}`);
      expect(await store.repos.virtualKeys.getByKeyValue(other)).toBeUndefined();
    }
  });

  it('never treats LIKE wildcards or an empty key as matching a stored key', async () => {
    await storeKey('vk_wildcard_target_1', 'target');
    for (const probe of ['%', '_', 'vk_%', 'vk\\_wildcard%', 'vk_wildcard_target__', '%target_1', '', ' ', '*', '.*']) {
      expect({ probe, found: await store.repos.virtualKeys.getByKeyValue(probe) }).toEqual({ probe, found: undefined });
    }
  });
});
