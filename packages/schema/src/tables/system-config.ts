import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

export const systemConfigSpec = defineTable({
  name: 'system_config',
  columns: {
    // `key` is a reserved word in MySQL: Drizzle quotes every identifier, so the legacy name stays.
    key: col.key({ primaryKey: true }),
    value: col.text({ notNull: true }),
    description: col.text(),
    updated_at: col.timestamp({ notNull: true }),
  },
  indexes: [],
});
