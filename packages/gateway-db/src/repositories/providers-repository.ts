import { type NewProvider, type Provider, providersSpec } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { type CreateInput, type UpdateInput, recordCrud } from './record-crud.js';

export interface ProvidersRepository {
  /** Newest first. */
  getAll(): Promise<Provider[]>;
  getById(id: string): Promise<Provider | undefined>;
  /** Provider ids are typed in by the admin; one is generated when absent. */
  create(input: CreateInput<NewProvider>): Promise<Provider>;
  update(id: string, partial: UpdateInput<NewProvider>): Promise<Provider | undefined>;
  delete(id: string): Promise<boolean>;
}

export function createProvidersRepository(executor: SqlExecutor): ProvidersRepository {
  const crud = recordCrud<Provider>(executor, providersSpec);
  return {
    getAll: () => crud.access.select('ORDER BY `created_at` DESC'),
    getById: (id) => crud.access.getById(id),
    create: (input) => crud.create(input),
    update: (id, partial) => crud.update(id, partial),
    delete: (id) => crud.delete(id),
  };
}
