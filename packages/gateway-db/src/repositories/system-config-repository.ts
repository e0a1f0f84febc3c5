import type { SystemConfig } from '@gateway-db/schema';
import { asc } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { assertValuesFit } from './value-rules.js';

export interface SystemConfigRepository {
  /** Read on every HTTP request (`cors_enabled`). */
  get(key: string): Promise<SystemConfig | undefined>;
  /** Inserts or replaces the value; an omitted description keeps the stored one. */
  set(key: string, value: string, description?: string | null): Promise<void>;
  /** Ordered by key. */
  getAll(): Promise<SystemConfig[]>;
}

export function createSystemConfigRepository(ctx: OrmContext): SystemConfigRepository {
  const {
    client,
    ops,
    tables: { systemConfig },
  } = ctx;
  return {
    get: hotLookup(ctx, systemConfig, systemConfig.key),
    async set(key, value, description) {
      const row = { key, value, description: description ?? null, updated_at: Date.now() };
      assertValuesFit(systemConfig, row);
      await ops.upsertSystemConfig(row, description !== undefined);
    },
    getAll: () => client.select().from(systemConfig).orderBy(asc(systemConfig.key)),
  };
}
