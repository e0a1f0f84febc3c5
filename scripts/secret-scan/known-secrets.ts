/**
 * The secret values the test suite and the demo plant, for the leak check: the markers of gateway-db's security
 * tests and every secret the legacy fixture generator writes for the seeds tests and demo use.
 *
 * The fixture secrets come from the generator itself (`legacySecrets`, the same row builders as `buildLegacyFile`),
 * not from a hand-kept copy and not from building files: nothing to keep in sync, no disk, milliseconds per seed.
 * A row's values depend only on the seed and its index (one PRNG stream per table), not on the schema version,
 * the history or the row counts, so one generous, hostile build per seed covers every fixture of that seed.
 */
import { type BuildLegacyFileOptions, legacySecrets } from '@gateway-db/legacy-fixture';
import { SECRET_MARKERS } from '../../packages/gateway-db/test/security/support/secret-markers.js';

export interface KnownSecret {
  /** What the value is, e.g. `fixture virtual_keys.key_value (seed 5)`: printed instead of the value. */
  readonly kind: string;
  readonly value: string;
}

/** Seeds covered: tests and the demo use 1-64 (a test in check-secrets-in-output.test.ts keeps it so). */
export const FIXTURE_SEEDS = { first: 0, last: 64 } as const;

/** More rows of the secret tables than any test builds: a superset of every smaller fixture of the same seed. */
const GENEROUS: BuildLegacyFileOptions = {
  version: 'S6',
  hostile: true,
  rows: { users: 12, providers: 12, virtual_keys: 40, portkey_gateways: 12 },
};

let cached: KnownSecret[] | undefined;

/** Computed once per process (a few seconds: pbkdf2 password hashes for every seed). */
export function knownSecrets(): KnownSecret[] {
  cached ??= computeKnownSecrets();
  return cached;
}

function computeKnownSecrets(): KnownSecret[] {
  const byValue = new Map<string, string>();
  for (const [name, value] of SECRET_MARKERS) byValue.set(value, `marker ${name}`);
  for (let seed = FIXTURE_SEEDS.first; seed <= FIXTURE_SEEDS.last; seed++) {
    for (const { column, value } of legacySecrets({ ...GENEROUS, seed })) {
      if (!byValue.has(value)) byValue.set(value, `fixture ${column} (seed ${seed})`);
    }
  }
  return [...byValue].map(([value, kind]) => ({ kind, value }));
}
