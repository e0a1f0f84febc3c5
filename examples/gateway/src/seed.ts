/**
 * Demo data for an empty store: provider `demo-provider` (pointing at the fake upstream), model `demo-model`,
 * one virtual key, and `cors_enabled`. Idempotent: when keys already exist nothing is created, and only the demo
 * provider's base_url is moved to the running fake upstream. The key's secret is returned only when created now.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { GatewayDb } from 'gateway-db';

export const DEMO_PROVIDER_ID = 'demo-provider';
export const DEMO_MODEL_ID = 'demo-model';
export const DEMO_KEY_ID = 'demo-key';

export interface SeedResult {
  readonly created: boolean;
  readonly keyId: string | undefined;
  /** The bearer secret, only when the key was created by this call. */
  readonly keyValue?: string;
}

export interface SeedOptions {
  /** Where the demo provider forwards to, e.g. the fake upstream's baseUrl. */
  readonly upstreamBaseUrl: string;
  /** Use this secret instead of a random one (tests, load scripts). */
  readonly keyValue?: string;
}

export const hashKey = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

export async function seedDemoData(db: GatewayDb, options: SeedOptions): Promise<SeedResult> {
  const existing = await db.virtualKeys.getAll();
  const provider = await db.providers.getById(DEMO_PROVIDER_ID);
  if (existing.length > 0) {
    if (provider && provider.base_url !== options.upstreamBaseUrl) {
      await db.providers.update(DEMO_PROVIDER_ID, { base_url: options.upstreamBaseUrl });
    }
    return { created: false, keyId: existing[existing.length - 1]?.id };
  }
  const keyValue = options.keyValue ?? `sk-demo-${randomBytes(24).toString('base64url')}`;
  await db.transaction(async (tx) => {
    if (provider) {
      await tx.providers.update(DEMO_PROVIDER_ID, { base_url: options.upstreamBaseUrl });
    } else {
      await tx.providers.create({
        id: DEMO_PROVIDER_ID,
        name: 'Demo provider (fake upstream)',
        base_url: options.upstreamBaseUrl,
        // The fake upstream ignores it; a real provider key is stored encrypted by the admin UI.
        api_key: `demo-${randomBytes(8).toString('hex')}`,
      });
    }
    if (!(await tx.models.getById(DEMO_MODEL_ID))) {
      await tx.models.create({
        id: DEMO_MODEL_ID,
        name: 'demo-chat',
        provider_id: DEMO_PROVIDER_ID,
        model_identifier: 'fake-gpt',
      });
    }
    await tx.virtualKeys.create({
      id: DEMO_KEY_ID,
      key_value: keyValue,
      key_hash: hashKey(keyValue),
      name: 'Demo key',
      provider_id: DEMO_PROVIDER_ID,
      model_id: DEMO_MODEL_ID,
    });
    if (!(await tx.systemConfig.get('cors_enabled')))
      await tx.systemConfig.set('cors_enabled', 'true', 'Send CORS headers');
  });
  return { created: true, keyId: DEMO_KEY_ID, keyValue };
}
