import { type NewVirtualKey, type VirtualKey, virtualKeysSpec } from '@gateway-db/schema';
import { toText } from '../dialect/row-codec.js';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { type CreateInput, type UpdateInput, recordCrud } from './record-crud.js';
import { placeholders } from './table-access.js';

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

export function createVirtualKeysRepository(executor: SqlExecutor): VirtualKeysRepository {
  const crud = recordCrud<VirtualKey>(executor, virtualKeysSpec, { immutable: ['key_value', 'key_hash'] });

  async function countByModelIds(modelIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map(modelIds.map((id) => [id, 0]));
    if (modelIds.length === 0) return counts;
    // JSON functions differ between the dialects, so the (small) table's candidate rows are matched here.
    const rows = await executor.all(
      'SELECT `model_id`, `model_ids` FROM `virtual_keys` ' +
        `WHERE \`model_id\` IN (${placeholders(modelIds.length)}) OR \`model_ids\` IS NOT NULL`,
      [...modelIds],
    );
    for (const row of rows) {
      // A key counts once per model, even when it names the model in both columns.
      const used = new Set(parseModelIds(toText(row.model_ids)));
      const modelId = toText(row.model_id);
      if (modelId !== null) used.add(modelId);
      for (const id of used) {
        const count = counts.get(id);
        if (count !== undefined) counts.set(id, count + 1);
      }
    }
    return counts;
  }

  return {
    getAll: () => crud.access.select('ORDER BY `created_at` DESC'),
    getById: (id) => crud.access.getById(id),
    // `key_value` is a key column (VARBINARY on MySQL): `=` compares bytes on both dialects.
    getByKeyValue: (keyValue) => crud.access.selectOne('WHERE `key_value` = ?', [keyValue]),
    create: (input) => crud.create({ ...input, routing_strategy: input.routing_strategy ?? 'single' }),
    update: (id, partial) => crud.update(id, partial),
    delete: (id) => crud.delete(id),
    countByModelIds,
    countByModelId: async (modelId) => (await countByModelIds([modelId])).get(modelId) ?? 0,
  };
}
