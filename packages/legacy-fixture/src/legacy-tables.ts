/**
 * The 11 tables as the legacy builds declared them (spec: "The 11 tables in their final (S6) form"), with the build
 * that added each later column. Data only: `legacy-schema.ts` turns it into each build's boot DDL.
 */
import type { LegacyTableName } from '@gateway-db/schema';
import type { LegacyVersion } from './legacy-version.js';

export interface LegacyColumnDefinition {
  readonly name: string;
  /** SQLite type and constraints exactly as declared, e.g. `INTEGER DEFAULT 1`. */
  readonly declaration: string;
  /** Absent: part of the CREATE TABLE. Present: added by that build with ALTER TABLE ADD COLUMN. */
  readonly addedIn?: LegacyVersion;
}

export interface LegacyForeignKey {
  readonly table: LegacyTableName;
  readonly column: string;
  readonly referencedTable: LegacyTableName;
  readonly onDelete: 'CASCADE' | 'SET NULL';
}

export interface LegacyTableDefinition {
  readonly name: LegacyTableName;
  readonly since: LegacyVersion;
  readonly columns: readonly LegacyColumnDefinition[];
  readonly foreignKeys: readonly Omit<LegacyForeignKey, 'table'>[];
  /** `idx_<table>_<column>`, created by the build that has the column. */
  readonly indexedColumns: readonly string[];
}

const c = (name: string, declaration: string, addedIn?: LegacyVersion): LegacyColumnDefinition =>
  addedIn ? { name, declaration, addedIn } : { name, declaration };

/** The 11 tables, in the order the legacy builds created them. */
export const LEGACY_TABLES: readonly LegacyTableDefinition[] = [
  {
    name: 'users',
    since: 'S1',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('username', 'TEXT NOT NULL UNIQUE'),
      c('password_hash', 'TEXT NOT NULL'),
      c('created_at', 'INTEGER NOT NULL'),
      c('updated_at', 'INTEGER NOT NULL'),
    ],
    foreignKeys: [],
    indexedColumns: [],
  },
  {
    name: 'providers',
    since: 'S1',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('name', 'TEXT NOT NULL'),
      c('base_url', 'TEXT NOT NULL'),
      c('api_key', 'TEXT NOT NULL'),
      c('model_mapping', 'TEXT'),
      c('enabled', 'INTEGER DEFAULT 1'),
      c('created_at', 'INTEGER NOT NULL'),
      c('updated_at', 'INTEGER NOT NULL'),
    ],
    foreignKeys: [],
    indexedColumns: [],
  },
  {
    name: 'models',
    since: 'S1',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('name', 'TEXT NOT NULL'),
      c('provider_id', 'TEXT'),
      c('model_identifier', 'TEXT NOT NULL'),
      c('enabled', 'INTEGER DEFAULT 1'),
      c('created_at', 'INTEGER NOT NULL'),
      c('updated_at', 'INTEGER NOT NULL'),
      c('is_virtual', 'INTEGER DEFAULT 0', 'S1'),
      c('routing_config_id', 'TEXT', 'S1'),
      c('model_attributes', 'TEXT', 'S2'),
      c('prompt_config', 'TEXT', 'S4'),
      c('compression_config', 'TEXT', 'S4'),
      c('expert_routing_id', 'TEXT', 'S4'),
    ],
    foreignKeys: [{ column: 'provider_id', referencedTable: 'providers', onDelete: 'CASCADE' }],
    // The JSON columns were indexed too: useless, but real files carry these indexes.
    indexedColumns: [
      'provider_id',
      'enabled',
      'is_virtual',
      'routing_config_id',
      'model_attributes',
      'prompt_config',
      'compression_config',
      'expert_routing_id',
    ],
  },
  {
    name: 'virtual_keys',
    since: 'S1',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('key_value', 'TEXT NOT NULL UNIQUE'),
      c('key_hash', 'TEXT NOT NULL UNIQUE'),
      c('name', 'TEXT NOT NULL'),
      c('provider_id', 'TEXT'),
      c('model_id', 'TEXT'),
      c('routing_strategy', "TEXT DEFAULT 'single'"),
      c('model_ids', 'TEXT'),
      c('routing_config', 'TEXT'),
      c('enabled', 'INTEGER DEFAULT 1'),
      c('rate_limit', 'INTEGER'),
      c('created_at', 'INTEGER NOT NULL'),
      c('updated_at', 'INTEGER NOT NULL'),
      c('cache_enabled', 'INTEGER DEFAULT 0', 'S1'),
      c('disable_logging', 'INTEGER DEFAULT 0', 'S6'),
    ],
    foreignKeys: [
      { column: 'provider_id', referencedTable: 'providers', onDelete: 'SET NULL' },
      { column: 'model_id', referencedTable: 'models', onDelete: 'SET NULL' },
    ],
    indexedColumns: ['key_hash', 'key_value', 'provider_id', 'model_id'],
  },
  {
    name: 'system_config',
    since: 'S1',
    columns: [
      c('key', 'TEXT PRIMARY KEY'),
      c('value', 'TEXT NOT NULL'),
      c('description', 'TEXT'),
      c('updated_at', 'INTEGER NOT NULL'),
    ],
    foreignKeys: [],
    indexedColumns: [],
  },
  {
    name: 'api_requests',
    since: 'S1',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('virtual_key_id', 'TEXT'),
      c('provider_id', 'TEXT'),
      c('model', 'TEXT'),
      c('prompt_tokens', 'INTEGER DEFAULT 0'),
      c('completion_tokens', 'INTEGER DEFAULT 0'),
      c('total_tokens', 'INTEGER DEFAULT 0'),
      c('status', 'TEXT'),
      c('response_time', 'INTEGER'),
      c('error_message', 'TEXT'),
      c('created_at', 'INTEGER NOT NULL'),
      c('request_body', 'TEXT', 'S1'),
      c('response_body', 'TEXT', 'S1'),
      c('cache_hit', 'INTEGER DEFAULT 0', 'S1'),
      c('prompt_cache_hit_tokens', 'INTEGER DEFAULT 0', 'S3'),
      c('prompt_cache_write_tokens', 'INTEGER DEFAULT 0', 'S3'),
    ],
    foreignKeys: [
      { column: 'virtual_key_id', referencedTable: 'virtual_keys', onDelete: 'SET NULL' },
      { column: 'provider_id', referencedTable: 'providers', onDelete: 'SET NULL' },
    ],
    indexedColumns: ['created_at', 'virtual_key_id', 'provider_id', 'status'],
  },
  {
    name: 'routing_configs',
    since: 'S1',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('name', 'TEXT NOT NULL'),
      c('description', 'TEXT'),
      c('type', 'TEXT NOT NULL'),
      c('config', 'TEXT NOT NULL'),
      c('enabled', 'INTEGER DEFAULT 1'),
      c('created_at', 'INTEGER NOT NULL'),
      c('updated_at', 'INTEGER NOT NULL'),
    ],
    foreignKeys: [],
    indexedColumns: ['type', 'enabled'],
  },
  {
    name: 'portkey_gateways',
    since: 'S3',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('name', 'TEXT NOT NULL'),
      c('url', 'TEXT NOT NULL'),
      c('description', 'TEXT'),
      c('is_default', 'INTEGER DEFAULT 0'),
      c('enabled', 'INTEGER DEFAULT 1'),
      c('container_name', 'TEXT'),
      c('port', 'INTEGER'),
      c('api_key', 'TEXT'),
      c('install_status', "TEXT DEFAULT 'pending'"),
      c('created_at', 'INTEGER NOT NULL'),
      c('updated_at', 'INTEGER NOT NULL'),
      c('last_heartbeat', 'INTEGER', 'S3'),
      c('agent_version', 'TEXT', 'S3'),
    ],
    foreignKeys: [],
    indexedColumns: ['enabled', 'is_default'],
  },
  {
    name: 'model_routing_rules',
    since: 'S3',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('name', 'TEXT NOT NULL'),
      c('description', 'TEXT'),
      c('portkey_gateway_id', 'TEXT NOT NULL'),
      c('rule_type', 'TEXT NOT NULL'),
      c('rule_value', 'TEXT NOT NULL'),
      c('priority', 'INTEGER DEFAULT 0'),
      c('enabled', 'INTEGER DEFAULT 1'),
      c('created_at', 'INTEGER NOT NULL'),
      c('updated_at', 'INTEGER NOT NULL'),
    ],
    foreignKeys: [{ column: 'portkey_gateway_id', referencedTable: 'portkey_gateways', onDelete: 'CASCADE' }],
    indexedColumns: ['portkey_gateway_id', 'rule_type', 'enabled', 'priority'],
  },
  {
    name: 'expert_routing_configs',
    since: 'S4',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('name', 'TEXT NOT NULL'),
      c('description', 'TEXT'),
      c('enabled', 'INTEGER DEFAULT 1'),
      c('config', 'TEXT NOT NULL'),
      c('created_at', 'INTEGER NOT NULL'),
      c('updated_at', 'INTEGER NOT NULL'),
    ],
    foreignKeys: [],
    indexedColumns: ['enabled', 'created_at'],
  },
  {
    name: 'expert_routing_logs',
    since: 'S4',
    columns: [
      c('id', 'TEXT PRIMARY KEY'),
      c('virtual_key_id', 'TEXT'),
      c('expert_routing_id', 'TEXT NOT NULL'),
      c('request_hash', 'TEXT NOT NULL'),
      c('classifier_model', 'TEXT NOT NULL'),
      c('classification_result', 'TEXT NOT NULL'),
      c('selected_expert_id', 'TEXT NOT NULL'),
      c('selected_expert_type', 'TEXT NOT NULL'),
      c('selected_expert_name', 'TEXT NOT NULL'),
      c('classification_time', 'INTEGER'),
      c('created_at', 'INTEGER NOT NULL'),
      c('original_request', 'TEXT', 'S5'),
      c('classifier_request', 'TEXT', 'S5'),
      c('classifier_response', 'TEXT', 'S5'),
    ],
    foreignKeys: [
      { column: 'virtual_key_id', referencedTable: 'virtual_keys', onDelete: 'SET NULL' },
      { column: 'expert_routing_id', referencedTable: 'expert_routing_configs', onDelete: 'CASCADE' },
    ],
    indexedColumns: ['expert_routing_id', 'created_at', 'classification_result'],
  },
];

/** Bookkeeping rows the builds from S3 on wrote into `schema_migrations` (not gateway data). */
export const LEGACY_MIGRATIONS: readonly { version: number; name: string; build: LegacyVersion }[] = [
  { version: 1, name: 'initial_schema', build: 'S1' },
  { version: 2, name: 'add_model_attributes', build: 'S2' },
  { version: 3, name: 'add_portkey_gateways_and_prompt_cache_tokens', build: 'S3' },
  { version: 4, name: 'add_expert_routing', build: 'S4' },
  { version: 5, name: 'add_expert_routing_log_details', build: 'S5' },
  { version: 6, name: 'add_virtual_key_disable_logging', build: 'S6' },
];
