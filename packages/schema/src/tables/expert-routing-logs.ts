import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

export const expertRoutingLogsSpec = defineTable({
  name: 'expert_routing_logs',
  columns: {
    id: col.key({ primaryKey: true }),
    // Plain references, as in api_requests: deleting a key or a config keeps its routing history.
    virtual_key_id: col.key({ refersTo: 'virtual_keys' }),
    expert_routing_id: col.key({ notNull: true, refersTo: 'expert_routing_configs' }),
    request_hash: col.text({ notNull: true }),
    classifier_model: col.text({ notNull: true }),
    // Raw LLM output of any length: LONGTEXT, so it is not indexed on its own (MySQL cannot index TEXT whole).
    classification_result: col.text({ notNull: true }),
    selected_expert_id: col.text({ notNull: true }),
    selected_expert_type: col.text({ notNull: true }),
    selected_expert_name: col.text({ notNull: true }),
    classification_time: col.duration(),
    created_at: col.timestamp({ notNull: true }),
    // The whole chat history, untruncated: can be megabytes.
    original_request: col.text(),
    classifier_request: col.text(),
    classifier_response: col.text(),
  },
  // Statistics and category lookups always filter by config first; the composite index also orders by time.
  indexes: [
    { name: 'idx_expert_routing_logs_config_created', columns: ['expert_routing_id', 'created_at'] },
    { name: 'idx_expert_routing_logs_created_at', columns: ['created_at'] },
    { name: 'idx_expert_routing_logs_virtual_key_id', columns: ['virtual_key_id'] },
  ],
});
