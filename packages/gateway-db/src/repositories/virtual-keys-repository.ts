import type { NewVirtualKey, VirtualKey } from '@gateway-db/schema';
import { desc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { type CreateInput, insertedRow, newRecord, type UpdateInput, updatableChanges } from './record-writes.js';

/** The secret and its hash identify a key for its whole life. */
export type VirtualKeyUpdate = Omit<UpdateInput<NewVirtualKey>, 'key_value' | 'key_hash'>;

export interface VirtualKeysRepository {
  /** Newest first. */
  getAll(): Promise<VirtualKey[]>;
  getById(id: string): Promise<VirtualKey | undefined>;
  /** Exact match on the bearer secret: letter case and trailing spaces matter. */
  getByKeyValue(keyValue: string): Promise<VirtualKey | undefined>;
  /** `routing_strategy` defaults to 'single'. */
  create(input: CreateInput<NewVirtualKey>): Promise<VirtualKey>;
  /** `key_value` and `key_hash` are ignored even when passed. */
  update(id: string, partial: VirtualKeyUpdate): Promise<VirtualKey | undefined>;
  delete(id: string): Promise<boolean>;
  /** Keys using the model, either as `model_id` or inside the JSON array `model_ids`. */
  countByModelId(modelId: string): Promise<number>;
  /** The same count for many models at once; every id asked for is in the map (0 when unused). */
  countByModelIds(modelIds: readonly string[]): Promise<Map<string, number>>;
}

const IMMUTABLE = ['key_value', 'key_hash'];

/** The ids of a `model_ids` value; anything that is not a JSON array of strings uses no model. */
function parseModelIds(json: string | null): string[] {
  if (json === null) return [];
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

export function createVirtualKeysRepository(ctx: OrmContext, reads: OrmContext = ctx): VirtualKeysRepository {
  const {
    client,
    ops,
    tables: { virtualKeys },
  } = ctx;
  const getById = hotLookup(ctx, virtualKeys, virtualKeys.id);

  async function countByModelIds(modelIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map(modelIds.map((id) => [id, 0]));
    if (modelIds.length === 0) return counts;
    // JSON functions differ between the dialects, so the (small) table's candidate rows are matched here.
    const rows = await client
      .select({ model_id: virtualKeys.model_id, model_ids: virtualKeys.model_ids })
      .from(virtualKeys)
      .where(or(inArray(virtualKeys.model_id, [...modelIds]), isNotNull(virtualKeys.model_ids)));
    for (const row of rows) {
      // A key counts once per model, even when it names the model in both columns.
      const used = new Set(parseModelIds(row.model_ids));
      if (row.model_id !== null) used.add(row.model_id);
      for (const id of used) {
        const count = counts.get(id);
        if (count !== undefined) counts.set(id, count + 1);
      }
    }
    return counts;
  }

  return {
    getAll: () => reads.client.select().from(virtualKeys).orderBy(desc(virtualKeys.created_at)),
    getById,
    // On every proxied request's path. `key_value` is a key column (VARBINARY on MySQL): `=` compares bytes.
    getByKeyValue: hotLookup(ctx, virtualKeys, virtualKeys.key_value),
    async create(input) {
      const row = newRecord(virtualKeys, { ...input, routing_strategy: input.routing_strategy ?? 'single' });
      await client.insert(virtualKeys).values(row);
      return insertedRow(await getById(row.id), 'virtual_keys', row.id);
    },
    async update(id, partial) {
      const changes = updatableChanges(virtualKeys, partial, IMMUTABLE);
      if (changes)
        await client
          .update(virtualKeys)
          .set({ ...changes, updated_at: Date.now() })
          .where(eq(virtualKeys.id, id));
      return getById(id);
    },
    delete: async (id) => ops.affectedRows(await client.delete(virtualKeys).where(eq(virtualKeys.id, id))) > 0,
    countByModelIds,
    countByModelId: async (modelId) => (await countByModelIds([modelId])).get(modelId) ?? 0,
  };
}
