import { type ModelRoutingRule, type NewModelRoutingRule, modelRoutingRulesSpec } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { type CreateInput, type UpdateInput, recordCrud } from './record-crud.js';

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

const ORDER = 'ORDER BY `priority` DESC, `created_at` DESC';

export function createModelRoutingRulesRepository(executor: SqlExecutor): ModelRoutingRulesRepository {
  const crud = recordCrud<ModelRoutingRule>(executor, modelRoutingRulesSpec);
  return {
    getAll: () => crud.access.select(ORDER),
    getById: (id) => crud.access.getById(id),
    getByGatewayId: (gatewayId) => crud.access.select(`WHERE \`portkey_gateway_id\` = ? ${ORDER}`, [gatewayId]),
    getEnabled: () => crud.access.select(`WHERE \`enabled\` = 1 ${ORDER}`),
    create: (input) => crud.create(input),
    update: (id, partial) => crud.update(id, partial),
    delete: (id) => crud.delete(id),
  };
}
