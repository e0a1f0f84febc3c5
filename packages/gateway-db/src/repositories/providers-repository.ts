import type { NewProvider, Provider } from '@gateway-db/schema';
import { desc, eq } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { type CreateInput, insertedRow, newRecord, type UpdateInput, updatableChanges } from './record-writes.js';

export interface ProvidersRepository {
  /** Newest first. */
  getAll(): Promise<Provider[]>;
  getById(id: string): Promise<Provider | undefined>;
  /** Provider ids are typed in by the admin; one is generated when absent. */
  create(input: CreateInput<NewProvider>): Promise<Provider>;
  update(id: string, partial: UpdateInput<NewProvider>): Promise<Provider | undefined>;
  delete(id: string): Promise<boolean>;
}

export function createProvidersRepository(ctx: OrmContext, reads: OrmContext = ctx): ProvidersRepository {
  const {
    client,
    ops,
    tables: { providers },
  } = ctx;
  // On every proxied request's path: rendered once.
  const getById = hotLookup(ctx, providers, providers.id);
  return {
    getAll: () => reads.client.select().from(providers).orderBy(desc(providers.created_at)),
    getById,
    async create(input) {
      const row = newRecord(providers, input);
      await client.insert(providers).values(row);
      return insertedRow(await getById(row.id), 'providers', row.id);
    },
    async update(id, partial) {
      const changes = updatableChanges(providers, partial);
      if (changes)
        await client
          .update(providers)
          .set({ ...changes, updated_at: Date.now() })
          .where(eq(providers.id, id));
      return getById(id);
    },
    delete: async (id) => ops.affectedRows(await client.delete(providers).where(eq(providers.id, id))) > 0,
  };
}
