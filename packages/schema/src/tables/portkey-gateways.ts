import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

export const portkeyGatewaysSpec = defineTable({
  name: 'portkey_gateways',
  columns: {
    id: col.key({ primaryKey: true }),
    name: col.text({ notNull: true }),
    url: col.text({ notNull: true }),
    description: col.text(),
    is_default: col.flag({ default: false }),
    enabled: col.flag({ default: true }),
    container_name: col.text(),
    port: col.integer(),
    // `pgw_...`: a secret, never logged.
    api_key: col.text(),
    install_status: col.label({ default: 'pending' }),
    created_at: col.timestamp({ notNull: true }),
    updated_at: col.timestamp({ notNull: true }),
    last_heartbeat: col.timestamp(),
    agent_version: col.text(),
  },
  indexes: [
    { name: 'idx_portkey_gateways_enabled', columns: ['enabled'] },
    { name: 'idx_portkey_gateways_is_default', columns: ['is_default'] },
  ],
});
