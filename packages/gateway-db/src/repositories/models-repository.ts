import { type Model, type NewModel, modelsSpec } from '@gateway-db/schema';
import { toNumber } from '../dialect/row-codec.js';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { type CreateInput, type UpdateInput, recordCrud } from './record-crud.js';

export interface ModelsRepository {
  /** Newest first. */
  getAll(): Promise<Model[]>;
  getById(id: string): Promise<Model | undefined>;
  /** Newest first. */
  getByProviderId(providerId: string): Promise<Model[]>;
  create(input: CreateInput<NewModel>): Promise<Model>;
  update(id: string, partial: UpdateInput<NewModel>): Promise<Model | undefined>;
  delete(id: string): Promise<boolean>;
  countByProviderId(providerId: string): Promise<number>;
}

export function createModelsRepository(executor: SqlExecutor): ModelsRepository {
  const crud = recordCrud<Model>(executor, modelsSpec);
  return {
    getAll: () => crud.access.select('ORDER BY `created_at` DESC'),
    getById: (id) => crud.access.getById(id),
    getByProviderId: (providerId) =>
      crud.access.select('WHERE `provider_id` = ? ORDER BY `created_at` DESC', [providerId]),
    create: (input) => crud.create(input),
    update: (id, partial) => crud.update(id, partial),
    delete: (id) => crud.delete(id),
    async countByProviderId(providerId) {
      const row = await executor.get('SELECT COUNT(*) AS `count` FROM `models` WHERE `provider_id` = ?', [providerId]);
      return toNumber(row?.count);
    },
  };
}
