/**
 * `../shared/spec/legacy-gateway-db.md`, transcribed by hand (not derived from the generator's own schema, so
 * the tests compare the generator against the spec, not against itself).
 */
import type { LegacyVersion } from '../src/index.js';

/** Physical column order and declared type of every table in an S6 file. */
export const S6_COLUMNS: Record<string, string[]> = {
  users: ['id TEXT', 'username TEXT', 'password_hash TEXT', 'created_at INTEGER', 'updated_at INTEGER'],
  providers: [
    'id TEXT',
    'name TEXT',
    'base_url TEXT',
    'api_key TEXT',
    'model_mapping TEXT',
    'enabled INTEGER',
    'created_at INTEGER',
    'updated_at INTEGER',
  ],
  models: [
    'id TEXT',
    'name TEXT',
    'provider_id TEXT',
    'model_identifier TEXT',
    'enabled INTEGER',
    'created_at INTEGER',
    'updated_at INTEGER',
    'is_virtual INTEGER',
    'routing_config_id TEXT',
    'model_attributes TEXT',
    'prompt_config TEXT',
    'compression_config TEXT',
    'expert_routing_id TEXT',
  ],
  virtual_keys: [
    'id TEXT',
    'key_value TEXT',
    'key_hash TEXT',
    'name TEXT',
    'provider_id TEXT',
    'model_id TEXT',
    'routing_strategy TEXT',
    'model_ids TEXT',
    'routing_config TEXT',
    'enabled INTEGER',
    'rate_limit INTEGER',
    'created_at INTEGER',
    'updated_at INTEGER',
    'cache_enabled INTEGER',
    'disable_logging INTEGER',
  ],
  system_config: ['key TEXT', 'value TEXT', 'description TEXT', 'updated_at INTEGER'],
  api_requests: [
    'id TEXT',
    'virtual_key_id TEXT',
    'provider_id TEXT',
    'model TEXT',
    'prompt_tokens INTEGER',
    'completion_tokens INTEGER',
    'total_tokens INTEGER',
    'status TEXT',
    'response_time INTEGER',
    'error_message TEXT',
    'created_at INTEGER',
    'request_body TEXT',
    'response_body TEXT',
    'cache_hit INTEGER',
    'prompt_cache_hit_tokens INTEGER',
    'prompt_cache_write_tokens INTEGER',
  ],
  routing_configs: [
    'id TEXT',
    'name TEXT',
    'description TEXT',
    'type TEXT',
    'config TEXT',
    'enabled INTEGER',
    'created_at INTEGER',
    'updated_at INTEGER',
  ],
  portkey_gateways: [
    'id TEXT',
    'name TEXT',
    'url TEXT',
    'description TEXT',
    'is_default INTEGER',
    'enabled INTEGER',
    'container_name TEXT',
    'port INTEGER',
    'api_key TEXT',
    'install_status TEXT',
    'created_at INTEGER',
    'updated_at INTEGER',
    'last_heartbeat INTEGER',
    'agent_version TEXT',
  ],
  model_routing_rules: [
    'id TEXT',
    'name TEXT',
    'description TEXT',
    'portkey_gateway_id TEXT',
    'rule_type TEXT',
    'rule_value TEXT',
    'priority INTEGER',
    'enabled INTEGER',
    'created_at INTEGER',
    'updated_at INTEGER',
  ],
  expert_routing_configs: [
    'id TEXT',
    'name TEXT',
    'description TEXT',
    'enabled INTEGER',
    'config TEXT',
    'created_at INTEGER',
    'updated_at INTEGER',
  ],
  expert_routing_logs: [
    'id TEXT',
    'virtual_key_id TEXT',
    'expert_routing_id TEXT',
    'request_hash TEXT',
    'classifier_model TEXT',
    'classification_result TEXT',
    'selected_expert_id TEXT',
    'selected_expert_type TEXT',
    'selected_expert_name TEXT',
    'classification_time INTEGER',
    'created_at INTEGER',
    'original_request TEXT',
    'classifier_request TEXT',
    'classifier_response TEXT',
  ],
};

const S1_MISSING = [
  'models.model_attributes',
  'models.prompt_config',
  'models.compression_config',
  'models.expert_routing_id',
  'virtual_keys.disable_logging',
  'api_requests.prompt_cache_hit_tokens',
  'api_requests.prompt_cache_write_tokens',
  'portkey_gateways',
  'model_routing_rules',
  'expert_routing_configs',
  'expert_routing_logs',
];

/** The spec's "missing compared with S6" table: `table` for a whole table, `table.column` for a column. */
export const MISSING: Record<LegacyVersion, string[]> = {
  S1: S1_MISSING,
  S2: S1_MISSING.filter((item) => item !== 'models.model_attributes'),
  S3: [
    'models.prompt_config',
    'models.compression_config',
    'models.expert_routing_id',
    'expert_routing_configs',
    'expert_routing_logs',
    'virtual_keys.disable_logging',
  ],
  S4: [
    'expert_routing_logs.original_request',
    'expert_routing_logs.classifier_request',
    'expert_routing_logs.classifier_response',
    'virtual_keys.disable_logging',
  ],
  S5: ['virtual_keys.disable_logging'],
  S6: [],
};

/** Expected `name TYPE` columns of every gateway table of a file last opened by `version`. */
export function expectedColumns(version: LegacyVersion): Record<string, string[]> {
  const missing = new Set(MISSING[version]);
  return Object.fromEntries(
    Object.entries(S6_COLUMNS)
      .filter(([table]) => !missing.has(table))
      .map(([table, columns]) => [
        table,
        columns.filter((column) => !missing.has(`${table}.${column.split(' ')[0] ?? ''}`)),
      ]),
  );
}

/** schema_migrations exists from S3 on. */
export const hasSchemaMigrations = (version: LegacyVersion): boolean => !['S1', 'S2'].includes(version);
