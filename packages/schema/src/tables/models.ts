import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';
import { PROVIDER_ID_BYTES } from './providers.js';

export const modelsSpec = defineTable({
  name: 'models',
  columns: {
    id: col.key({ primaryKey: true }),
    name: col.text({ notNull: true }),
    provider_id: col.key({ maxBytes: PROVIDER_ID_BYTES, references: { table: 'providers', onDelete: 'cascade' } }),
    model_identifier: col.text({ notNull: true }),
    enabled: col.flag({ default: true }),
    created_at: col.timestamp({ notNull: true }),
    updated_at: col.timestamp({ notNull: true }),
    is_virtual: col.flag({ default: false }),
    // Points at routing_configs / expert_routing_configs, but never had a foreign key in the legacy schema.
    routing_config_id: col.key(),
    model_attributes: col.text(),
    prompt_config: col.text(),
    compression_config: col.text(),
    expert_routing_id: col.key(),
  },
  // The legacy indexes on the JSON columns are left out: nothing filters on them.
  indexes: [
    { name: 'idx_models_provider_id', columns: ['provider_id'] },
    { name: 'idx_models_enabled', columns: ['enabled'] },
    { name: 'idx_models_is_virtual', columns: ['is_virtual'] },
    { name: 'idx_models_routing_config_id', columns: ['routing_config_id'] },
    { name: 'idx_models_expert_routing_id', columns: ['expert_routing_id'] },
  ],
});
