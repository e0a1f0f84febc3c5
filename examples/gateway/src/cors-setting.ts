/**
 * `system_config.cors_enabled`, read per HTTP request as the real gateway does. `cacheMs` > 0 keeps the value
 * that long (default 0: every request reads it, which is the load the data layer must carry).
 */
import type { GatewayDb } from 'gateway-db';

export interface CorsSetting {
  enabled(): Promise<boolean>;
}

export function corsSetting(db: GatewayDb, cacheMs = 0): CorsSetting {
  let cached: { value: boolean; until: number } | undefined;
  return {
    async enabled() {
      const now = Date.now();
      if (cached && now < cached.until) return cached.value;
      const row = await db.systemConfig.get('cors_enabled');
      const value = row?.value === 'true';
      if (cacheMs > 0) cached = { value, until: now + cacheMs };
      return value;
    },
  };
}

export const CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
};
