import { type ExpertRoutingConfig, type NewExpertRoutingConfig, expertRoutingConfigsSpec } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { type CreateInput, type UpdateInput, recordCrud } from './record-crud.js';

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

export function createExpertRoutingConfigsRepository(executor: SqlExecutor): ExpertRoutingConfigsRepository {
  const crud = recordCrud<ExpertRoutingConfig>(executor, expertRoutingConfigsSpec);
  return {
    getAll: () => crud.access.select('ORDER BY `created_at` DESC'),
    getById: (id) => crud.access.getById(id),
    getEnabled: () => crud.access.select('WHERE `enabled` = 1 ORDER BY `created_at` DESC'),
    create: (input) => crud.create(input),
    update: (id, partial) => crud.update(id, partial),
    delete: (id) =>
      executor.transaction(async (tx) => {
        // models.expert_routing_id never had a foreign key, so nothing else clears it.
        await tx.run('UPDATE `models` SET `expert_routing_id` = NULL, `updated_at` = ? WHERE `expert_routing_id` = ?', [
          Date.now(),
          id,
        ]);
        return recordCrud(tx, expertRoutingConfigsSpec).delete(id);
      }),
  };
}
