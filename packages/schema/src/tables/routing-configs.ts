import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

export const routingConfigsSpec = defineTable({
  name: 'routing_configs',
  columns: {
    id: col.key({ primaryKey: true }),
    name: col.text({ notNull: true }),
    description: col.text(),
    type: col.label({ notNull: true }),
    config: col.text({ notNull: true }),
    enabled: col.flag({ default: true }),
    created_at: col.timestamp({ notNull: true }),
    updated_at: col.timestamp({ notNull: true }),
  },
  indexes: [
    { name: 'idx_routing_configs_type', columns: ['type'] },
    { name: 'idx_routing_configs_enabled', columns: ['enabled'] },
  ],
});
