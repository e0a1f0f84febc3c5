import type { ModelRoutingRule, NewModelRoutingRule } from '@gateway-db/schema';
import { desc, eq } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { type CreateInput, insertedRow, newRecord, type UpdateInput, updatableChanges } from './record-writes.js';

export interface ModelRoutingRulesRepository {
  /** Highest priority first, then newest. */
  getAll(): Promise<ModelRoutingRule[]>;
  getById(id: string): Promise<ModelRoutingRule | undefined>;
  /** Highest priority first, then newest. */
  getByGatewayId(gatewayId: string): Promise<ModelRoutingRule[]>;
  /** Enabled rules, in the order the router tries them (highest priority first, then newest). */
  getEnabled(): Promise<ModelRoutingRule[]>;
  /** `priority` defaults to 0, `enabled` to true. */
  create(input: CreateInput<NewModelRoutingRule>): Promise<ModelRoutingRule>;
  update(id: string, partial: UpdateInput<NewModelRoutingRule>): Promise<ModelRoutingRule | undefined>;
  delete(id: string): Promise<boolean>;
}

export function createModelRoutingRulesRepository(
  ctx: OrmContext,
  reads: OrmContext = ctx,
): ModelRoutingRulesRepository {
  const {
    client,
    ops,
    tables: { modelRoutingRules: rules },
  } = ctx;
  const getById = hotLookup(ctx, rules, rules.id);
  const inRouterOrder = [desc(rules.priority), desc(rules.created_at)];
  return {
    getAll: () =>
      reads.client
        .select()
        .from(rules)
        .orderBy(...inRouterOrder),
    getById,
    getByGatewayId: (gatewayId) =>
      client
        .select()
        .from(rules)
        .where(eq(rules.portkey_gateway_id, gatewayId))
        .orderBy(...inRouterOrder),
    getEnabled: () =>
      client
        .select()
        .from(rules)
        .where(eq(rules.enabled, true))
        .orderBy(...inRouterOrder),
    async create(input) {
      const row = newRecord(rules, input);
      await client.insert(rules).values(row);
      return insertedRow(await getById(row.id), 'model_routing_rules', row.id);
    },
    async update(id, partial) {
      const changes = updatableChanges(rules, partial);
      if (changes)
        await client
          .update(rules)
          .set({ ...changes, updated_at: Date.now() })
          .where(eq(rules.id, id));
      return getById(id);
    },
    delete: async (id) => ops.affectedRows(await client.delete(rules).where(eq(rules.id, id))) > 0,
  };
}
