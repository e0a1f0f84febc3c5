import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';
import { MODEL_KEY_BYTES } from './api-request-models.js';
import { PROVIDER_ID_BYTES } from './providers.js';

/**
 * Dashboard totals of `api_requests`, per UTC hour AND per UTC day (`period_ms`) x virtual key x provider x model x
 * status x writer: a month reads ~30 daily rows per group instead of ~720 hourly ones. Every
 * writer (a gateway process, a backfill) adds to its OWN rows, so two writers never update the same row; reads add
 * the writers' rows up. Token totals count the requests NOT answered from the cache (the legacy meaning); the
 * tokens of cache hits are `cache_saved_tokens`. No foreign keys: history outlives the keys and providers it names.
 */
/**
 * Token counts and response times beyond this (in absolute value) count as 0 tokens / an unknown time in the
 * rollups and every dashboard: no request has a trillion tokens or takes 31 years, and such values would overflow
 * the sums (a rollup write that failed on them would hold back every row of its batch). Rows keep them as they are.
 */
export const ROLLUP_MAX_COUNTED_VALUE = 1e12;

export const apiRequestRollupsSpec = defineTable({
  name: 'api_request_rollups',
  columns: {
    // `<h|d><period start>:<writer>:<sha256 of the grouping values>`: computed by the writer, so an upsert needs
    // no lookup.
    id: col.key({ primaryKey: true }),
    // 3,600,000 (an hour) or 86,400,000 (a day).
    period_ms: col.integer({ notNull: true }),
    // Start of the UTC hour or day, ms since the epoch.
    period_start: col.timestamp({ notNull: true }),
    writer_id: col.key({ notNull: true }),
    virtual_key_id: col.key(),
    provider_id: col.key({ maxBytes: PROVIDER_ID_BYTES }),
    // sha256 of the model text (api_request_models): a short, byte-exact grouping key for any model string.
    model_key: col.key({ maxBytes: MODEL_KEY_BYTES }),
    // Kept byte for byte (filters compare it exactly, as they compare api_requests.status).
    status: col.label(),
    requests: col.integer({ notNull: true, default: 0 }),
    successes: col.integer({ notNull: true, default: 0 }),
    errors: col.integer({ notNull: true, default: 0 }),
    prompt_tokens: col.integer({ notNull: true, default: 0 }),
    completion_tokens: col.integer({ notNull: true, default: 0 }),
    total_tokens: col.integer({ notNull: true, default: 0 }),
    cache_hits: col.integer({ notNull: true, default: 0 }),
    cache_saved_tokens: col.integer({ notNull: true, default: 0 }),
    // Sum and count of the known (non-NULL) response times: their mean is what AVG(response_time) gives.
    response_time_sum: col.duration({ notNull: true, default: 0 }),
    response_time_count: col.integer({ notNull: true, default: 0 }),
  },
  indexes: [{ name: 'idx_api_request_rollups_period', columns: ['period_ms', 'period_start'] }],
});
