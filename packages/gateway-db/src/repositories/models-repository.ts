import type { Model, NewModel } from '@gateway-db/schema';
import { count, desc, eq } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { type CreateInput, insertedRow, newRecord, type UpdateInput, updatableChanges } from './record-writes.js';

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

export function createModelsRepository(ctx: OrmContext, reads: OrmContext = ctx): ModelsRepository {
  const {
    client,
    ops,
    tables: { models },
  } = ctx;
  // On every proxied request's path: rendered once.
  const getById = hotLookup(ctx, models, models.id);
  return {
    getAll: () => reads.client.select().from(models).orderBy(desc(models.created_at)),
    getById,
    getByProviderId: (providerId) =>
      client.select().from(models).where(eq(models.provider_id, providerId)).orderBy(desc(models.created_at)),
    async create(input) {
      const row = newRecord(models, input);
      await client.insert(models).values(row);
      return insertedRow(await getById(row.id), 'models', row.id);
    },
    async update(id, partial) {
      const changes = updatableChanges(models, partial);
      if (changes)
        await client
          .update(models)
          .set({ ...changes, updated_at: Date.now() })
          .where(eq(models.id, id));
      return getById(id);
    },
    delete: async (id) => ops.affectedRows(await client.delete(models).where(eq(models.id, id))) > 0,
    async countByProviderId(providerId) {
      const [row] = await client.select({ count: count() }).from(models).where(eq(models.provider_id, providerId));
      return row?.count ?? 0;
    },
  };
}
