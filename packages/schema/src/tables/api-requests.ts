import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';
import { PROVIDER_ID_BYTES } from './providers.js';

/** One row per proxied request: the big table. */
export const apiRequestsSpec = defineTable({
  name: 'api_requests',
  columns: {
    id: col.key({ primaryKey: true }),
    // Plain references (no foreign key): a log row is never refused for a key or provider deleted while it was
    // buffered, and deleting one keeps its history attributed (no ON DELETE rewrite of millions of rows).
    virtual_key_id: col.key({ refersTo: 'virtual_keys' }),
    provider_id: col.key({ maxBytes: PROVIDER_ID_BYTES, refersTo: 'providers' }),
    // Copied from the client's request: arbitrary text.
    model: col.text(),
    prompt_tokens: col.integer({ default: 0 }),
    completion_tokens: col.integer({ default: 0 }),
    total_tokens: col.integer({ default: 0 }),
    status: col.label(),
    response_time: col.duration(),
    // Untruncated upstream error: can exceed 64 KB.
    error_message: col.text(),
    created_at: col.timestamp({ notNull: true }),
    request_body: col.text(),
    response_body: col.text(),
    cache_hit: col.flag({ default: false }),
    prompt_cache_hit_tokens: col.integer({ default: 0 }),
    prompt_cache_write_tokens: col.integer({ default: 0 }),
    // Whether the row is counted in api_request_rollups. The log writer stores rows already rolled up (same
    // transaction); rows from anywhere else (legacy imports, older builds) arrive as false and are backfilled.
    rolled_up: col.flag({ notNull: true, default: false }),
  },
  indexes: [
    { name: 'idx_api_requests_created_at', columns: ['created_at'] },
    // Serves getByVirtualKey (newest first) and the per-key trend without a sort.
    { name: 'idx_api_requests_virtual_key_created', columns: ['virtual_key_id', 'created_at'] },
    { name: 'idx_api_requests_provider_id', columns: ['provider_id'] },
    { name: 'idx_api_requests_status', columns: ['status'] },
  ],
});
