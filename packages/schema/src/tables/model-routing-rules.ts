import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

export const modelRoutingRulesSpec = defineTable({
  name: 'model_routing_rules',
  columns: {
    id: col.key({ primaryKey: true }),
    name: col.text({ notNull: true }),
    description: col.text(),
    portkey_gateway_id: col.key({ notNull: true, references: { table: 'portkey_gateways', onDelete: 'cascade' } }),
    rule_type: col.label({ notNull: true }),
    // May be a long regular expression.
    rule_value: col.text({ notNull: true }),
    priority: col.integer({ default: 0 }),
    enabled: col.flag({ default: true }),
    created_at: col.timestamp({ notNull: true }),
    updated_at: col.timestamp({ notNull: true }),
  },
  indexes: [
    { name: 'idx_model_routing_rules_gateway_id', columns: ['portkey_gateway_id'] },
    { name: 'idx_model_routing_rules_rule_type', columns: ['rule_type'] },
    { name: 'idx_model_routing_rules_enabled', columns: ['enabled'] },
    { name: 'idx_model_routing_rules_priority', columns: ['priority'] },
  ],
});
