import type { ExpertRoutingConfig, NewExpertRoutingConfig } from '@gateway-db/schema';
import { desc, eq } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { type CreateInput, insertedRow, newRecord, type UpdateInput, updatableChanges } from './record-writes.js';

export interface ExpertRoutingConfigsRepository {
  /** Newest first. */
  getAll(): Promise<ExpertRoutingConfig[]>;
  getById(id: string): Promise<ExpertRoutingConfig | undefined>;
  /** Enabled configs, newest first. */
  getEnabled(): Promise<ExpertRoutingConfig[]>;
  create(input: CreateInput<NewExpertRoutingConfig>): Promise<ExpertRoutingConfig>;
  update(id: string, partial: UpdateInput<NewExpertRoutingConfig>): Promise<ExpertRoutingConfig | undefined>;
  /** Also clears `models.expert_routing_id` where it pointed to this config, in the same transaction. */
  delete(id: string): Promise<boolean>;
}

export function createExpertRoutingConfigsRepository(
  ctx: OrmContext,
  reads: OrmContext = ctx,
): ExpertRoutingConfigsRepository {
  const {
    client,
    tables: { expertRoutingConfigs: configs },
  } = ctx;
  const getById = hotLookup(ctx, configs, configs.id);
  return {
    getAll: () => reads.client.select().from(configs).orderBy(desc(configs.created_at)),
    getById,
    getEnabled: () => client.select().from(configs).where(eq(configs.enabled, true)).orderBy(desc(configs.created_at)),
    async create(input) {
      const row = newRecord(configs, input);
      await client.insert(configs).values(row);
      return insertedRow(await getById(row.id), 'expert_routing_configs', row.id);
    },
    async update(id, partial) {
      const changes = updatableChanges(configs, partial);
      if (changes)
        await client
          .update(configs)
          .set({ ...changes, updated_at: Date.now() })
          .where(eq(configs.id, id));
      return getById(id);
    },
    delete: (id) =>
      ctx.transaction(async (tx) => {
        const { models, expertRoutingConfigs } = tx.tables;
        // models.expert_routing_id never had a foreign key, so nothing else clears it.
        await tx.client
          .update(models)
          .set({ expert_routing_id: null, updated_at: Date.now() })
          .where(eq(models.expert_routing_id, id));
        const deleted = await tx.client.delete(expertRoutingConfigs).where(eq(expertRoutingConfigs.id, id));
        return tx.ops.affectedRows(deleted) > 0;
      }),
  };
}
