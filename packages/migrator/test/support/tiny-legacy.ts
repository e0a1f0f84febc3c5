/**
 * A tiny legacy gateway.db written with sql.js, as the legacy builds wrote it: S6 tables (or fewer columns), a few
 * rows with hostile values. Used until/alongside the full fixture generator.
 */
import { writeFileSync } from 'node:fs';
import initSqlJs from 'sql.js';

const S6_DDL = `
CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE providers (id TEXT PRIMARY KEY, name TEXT NOT NULL, base_url TEXT NOT NULL, api_key TEXT NOT NULL, model_mapping TEXT, enabled INTEGER DEFAULT 1, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE models (id TEXT PRIMARY KEY, name TEXT NOT NULL, provider_id TEXT, model_identifier TEXT NOT NULL, enabled INTEGER DEFAULT 1, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, is_virtual INTEGER DEFAULT 0, routing_config_id TEXT, model_attributes TEXT, prompt_config TEXT, compression_config TEXT, expert_routing_id TEXT, FOREIGN KEY (provider_id) REFERENCES providers(id) ON DELETE CASCADE);
CREATE TABLE virtual_keys (id TEXT PRIMARY KEY, key_value TEXT NOT NULL UNIQUE, key_hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL, provider_id TEXT, model_id TEXT, routing_strategy TEXT DEFAULT 'single', model_ids TEXT, routing_config TEXT, enabled INTEGER DEFAULT 1, rate_limit INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, cache_enabled INTEGER DEFAULT 0, disable_logging INTEGER DEFAULT 0);
CREATE TABLE system_config (key TEXT PRIMARY KEY, value TEXT NOT NULL, description TEXT, updated_at INTEGER NOT NULL);
CREATE TABLE api_requests (id TEXT PRIMARY KEY, virtual_key_id TEXT, provider_id TEXT, model TEXT, prompt_tokens INTEGER DEFAULT 0, completion_tokens INTEGER DEFAULT 0, total_tokens INTEGER DEFAULT 0, status TEXT, response_time INTEGER, error_message TEXT, created_at INTEGER NOT NULL, request_body TEXT, response_body TEXT, cache_hit INTEGER DEFAULT 0, prompt_cache_hit_tokens INTEGER DEFAULT 0, prompt_cache_write_tokens INTEGER DEFAULT 0);
CREATE TABLE routing_configs (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, type TEXT NOT NULL, config TEXT NOT NULL, enabled INTEGER DEFAULT 1, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE portkey_gateways (id TEXT PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL, description TEXT, is_default INTEGER DEFAULT 0, enabled INTEGER DEFAULT 1, container_name TEXT, port INTEGER, api_key TEXT, install_status TEXT DEFAULT 'pending', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, last_heartbeat INTEGER, agent_version TEXT);
CREATE TABLE model_routing_rules (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, portkey_gateway_id TEXT NOT NULL, rule_type TEXT NOT NULL, rule_value TEXT NOT NULL, priority INTEGER DEFAULT 0, enabled INTEGER DEFAULT 1, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE expert_routing_configs (id TEXT PRIMARY KEY, name TEXT NOT NULL, description TEXT, enabled INTEGER DEFAULT 1, config TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
CREATE TABLE expert_routing_logs (id TEXT PRIMARY KEY, virtual_key_id TEXT, expert_routing_id TEXT NOT NULL, request_hash TEXT NOT NULL, classifier_model TEXT NOT NULL, classification_result TEXT NOT NULL, selected_expert_id TEXT NOT NULL, selected_expert_type TEXT NOT NULL, selected_expert_name TEXT NOT NULL, classification_time INTEGER, created_at INTEGER NOT NULL, original_request TEXT, classifier_request TEXT, classifier_response TEXT);
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER);
`;

export interface TinyLegacyOptions {
  /** Extra SQL run after the rows are inserted (e.g. an ALTER TABLE adding an unknown column). */
  readonly extraSql?: string;
  /** Rows of api_requests to add (default 3). */
  readonly apiRequests?: number;
}

export async function buildTinyLegacyFile(path: string, options: TinyLegacyOptions = {}): Promise<void> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.exec(S6_DDL);
  const t = 1_732_000_000_000;
  db.run('INSERT INTO users VALUES (?,?,?,?,?)', ['u1', 'admin', `${'a'.repeat(32)}:${'b'.repeat(64)}`, t, t]);
  db.run('INSERT INTO users VALUES (?,?,?,?,?)', ['u2', 'Admin', `${'c'.repeat(32)}:${'d'.repeat(64)}`, t, t]);
  db.run('INSERT INTO users VALUES (?,?,?,?,?)', ['u3', 'admin ', `${'e'.repeat(32)}:${'f'.repeat(64)}`, t, t]);
  db.run('INSERT INTO providers VALUES (?,?,?,?,?,?,?,?)', [
    'openai 主 😀',
    'OpenAI',
    'https://api.example',
    'iv:cipher',
    '{"a":"b"}',
    1,
    t,
    t,
  ]);
  db.run('INSERT INTO models VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)', [
    'm1',
    'gpt',
    'openai 主 😀',
    'gpt-4',
    null,
    t,
    t,
    0,
    null,
    '{}',
    null,
    null,
    null,
  ]);
  db.run('INSERT INTO models VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)', [
    'm2',
    'orphan',
    'deleted-provider',
    'x',
    1,
    t,
    t,
    0,
    null,
    null,
    null,
    null,
    null,
  ]);
  db.run('INSERT INTO virtual_keys VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', [
    'k1',
    'vk_Key_A',
    'h1',
    'A',
    'openai 主 😀',
    'm1',
    'single',
    '["m1"]',
    null,
    1,
    9007199254740993n.toString(),
    t,
    t,
    0,
    0,
  ]);
  db.run('INSERT INTO virtual_keys VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', [
    'k2',
    'vk_key_a',
    'h2',
    'a',
    null,
    'gone-model',
    null,
    null,
    null,
    null,
    null,
    t,
    t,
    null,
    null,
  ]);
  db.run('INSERT INTO system_config VALUES (?,?,?,?)', ['allow_registration', 'true', null, t]);
  for (let i = 0; i < (options.apiRequests ?? 3); i++) {
    db.run('INSERT INTO api_requests VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)', [
      `r${String(i).padStart(6, '0')}`,
      i % 2 ? 'k1' : 'deleted-key',
      'openai 主 😀',
      'gpt-4',
      10,
      20,
      30,
      'success',
      i === 0 ? 12.5 : 120,
      i === 1 ? 'e'.repeat(70_000) : null,
      t + i,
      `{"messages":"hi\u0000there 🎉 ${i}"}`,
      '{"ok":true}',
      null,
      0,
      0,
    ]);
  }
  db.run('INSERT INTO routing_configs VALUES (?,?,?,?,?,?,?,?)', [
    'rc1',
    'lb',
    null,
    'loadbalance',
    '{"targets":[]}',
    1,
    t,
    t,
  ]);
  db.run('INSERT INTO portkey_gateways VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)', [
    'g1',
    'gw',
    'http://gw',
    null,
    1,
    1,
    null,
    8787,
    `pgw_${'x'.repeat(32)}`,
    'installed',
    t,
    t,
    null,
    null,
  ]);
  db.run('INSERT INTO model_routing_rules VALUES (?,?,?,?,?,?,?,?,?,?)', [
    'mr1',
    'rule',
    null,
    'deleted-gateway',
    'regex',
    '^gpt-.*$',
    0,
    1,
    t,
    t,
  ]);
  db.run('INSERT INTO expert_routing_configs VALUES (?,?,?,?,?,?,?)', [
    'ec1',
    'experts',
    null,
    1,
    '{"prompt":"分类"}',
    t,
    t,
  ]);
  db.run('INSERT INTO expert_routing_logs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)', [
    'el1',
    'k1',
    'ec1',
    'md5',
    'clf',
    'code',
    'e1',
    'model',
    'Coder',
    33.25,
    t,
    'x'.repeat(1000),
    null,
    null,
  ]);
  db.run('INSERT INTO schema_migrations VALUES (1, ?, ?)', ['init', t]);
  if (options.extraSql) db.exec(options.extraSql);
  writeFileSync(path, db.export());
  db.close();
}
