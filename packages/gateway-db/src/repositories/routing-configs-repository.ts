import { type NewRoutingConfig, type RoutingConfig, routingConfigsSpec } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { type CreateInput, type UpdateInput, recordCrud } from './record-crud.js';

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

export function createRoutingConfigsRepository(executor: SqlExecutor): RoutingConfigsRepository {
  const crud = recordCrud<RoutingConfig>(executor, routingConfigsSpec);
  return {
    getAll: () => crud.access.select('ORDER BY `created_at` DESC'),
    getById: (id) => crud.access.getById(id),
    create: (input) => crud.create(input),
    update: (id, partial) => crud.update(id, partial),
    delete: (id) => crud.delete(id),
  };
}
