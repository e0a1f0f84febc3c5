import { col, MAX_INDEX_BYTES } from '../column-spec.js';
import { defineTable } from '../table-spec.js';
import { PROVIDER_ID_BYTES } from './providers.js';

export const virtualKeysSpec = defineTable({
  name: 'virtual_keys',
  columns: {
    id: col.key({ primaryKey: true }),
    // The bearer secret, looked up on every request: `Key_A` and `key_a` are different keys.
    key_value: col.key({ notNull: true, maxBytes: MAX_INDEX_BYTES }),
    key_hash: col.key({ notNull: true, maxBytes: MAX_INDEX_BYTES }),
    name: col.text({ notNull: true }),
    provider_id: col.key({ maxBytes: PROVIDER_ID_BYTES, references: { table: 'providers', onDelete: 'set null' } }),
    model_id: col.key({ references: { table: 'models', onDelete: 'set null' } }),
    routing_strategy: col.label({ default: 'single' }),
    model_ids: col.text(),
    routing_config: col.text(),
    enabled: col.flag({ default: true }),
    rate_limit: col.integer(),
    created_at: col.timestamp({ notNull: true }),
    updated_at: col.timestamp({ notNull: true }),
    cache_enabled: col.flag({ default: false }),
    disable_logging: col.flag({ default: false }),
  },
  // The UNIQUE indexes serve the lookups too, so the legacy plain indexes on key_hash/key_value are not repeated.
  indexes: [
    { name: 'virtual_keys_key_value_unique', columns: ['key_value'], unique: true },
    { name: 'virtual_keys_key_hash_unique', columns: ['key_hash'], unique: true },
    { name: 'idx_virtual_keys_provider_id', columns: ['provider_id'] },
    { name: 'idx_virtual_keys_model_id', columns: ['model_id'] },
  ],
});
