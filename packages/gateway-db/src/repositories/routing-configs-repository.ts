import type { NewRoutingConfig, RoutingConfig } from '@gateway-db/schema';
import { desc, eq } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { type CreateInput, insertedRow, newRecord, type UpdateInput, updatableChanges } from './record-writes.js';

export interface RoutingConfigsRepository {
  /** Newest first. */
  getAll(): Promise<RoutingConfig[]>;
  getById(id: string): Promise<RoutingConfig | undefined>;
  /** `enabled` defaults to true. */
  create(input: CreateInput<NewRoutingConfig>): Promise<RoutingConfig>;
  /** Writes only the fields that are defined. */
  update(id: string, partial: UpdateInput<NewRoutingConfig>): Promise<RoutingConfig | undefined>;
  delete(id: string): Promise<boolean>;
}

export function createRoutingConfigsRepository(ctx: OrmContext, reads: OrmContext = ctx): RoutingConfigsRepository {
  const {
    client,
    ops,
    tables: { routingConfigs },
  } = ctx;
  // Read per request by models that route through a config: rendered once.
  const getById = hotLookup(ctx, routingConfigs, routingConfigs.id);
  return {
    getAll: () => reads.client.select().from(routingConfigs).orderBy(desc(routingConfigs.created_at)),
    getById,
    async create(input) {
      const row = newRecord(routingConfigs, input);
      await client.insert(routingConfigs).values(row);
      return insertedRow(await getById(row.id), 'routing_configs', row.id);
    },
    async update(id, partial) {
      const changes = updatableChanges(routingConfigs, partial);
      if (changes) {
        await client
          .update(routingConfigs)
          .set({ ...changes, updated_at: Date.now() })
          .where(eq(routingConfigs.id, id));
      }
      return getById(id);
    },
    delete: async (id) => ops.affectedRows(await client.delete(routingConfigs).where(eq(routingConfigs.id, id))) > 0,
  };
}
