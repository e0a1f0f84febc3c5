import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

export const expertRoutingConfigsSpec = defineTable({
  name: 'expert_routing_configs',
  columns: {
    id: col.key({ primaryKey: true }),
    name: col.text({ notNull: true }),
    description: col.text(),
    enabled: col.flag({ default: true }),
    // JSON holding prompt templates.
    config: col.text({ notNull: true }),
    created_at: col.timestamp({ notNull: true }),
    updated_at: col.timestamp({ notNull: true }),
  },
  indexes: [
    { name: 'idx_expert_routing_configs_enabled', columns: ['enabled'] },
    { name: 'idx_expert_routing_configs_created_at', columns: ['created_at'] },
  ],
});
