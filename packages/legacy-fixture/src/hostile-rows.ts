/**
 * Hostile rows, added by the newest build after the ordinary ones: everything the spec says real files contain
 * and a careless migrator would damage. Parents listed in `deletions` are deleted at the end (foreign keys off,
 * as in the legacy gateway), which leaves a dangling reference of every declared kind.
 */
import type { LegacyTableName } from '@gateway-db/schema';
import { HOSTILE } from './hostile-values.js';
import type { LegacyRow } from './legacy-database.js';
import type { RowContext } from './legacy-rows.js';
import { encryptedProviderKey, md5Hex, passwordHash, portkeyApiKey, sha256Hex, sliceText } from './legacy-values.js';
import { nanoid, type Prng } from './prng.js';

export interface HostileRows {
  readonly rows: Readonly<Partial<Record<LegacyTableName, LegacyRow[]>>>;
  readonly deletions: readonly { table: LegacyTableName; id: string }[];
}

const ids = HOSTILE.ids;

export function buildHostileRows(ctx: RowContext, existingUsernames: readonly string[]): HostileRows {
  const prng = ctx.prng.fork('hostile');
  let clock = ctx.timeline.end - 3_600_000;
  const ts = () => (clock += 1_000);
  const times = () => ({ created_at: ts(), updated_at: ts() });

  const usernames = [
    ...(existingUsernames.includes('admin') ? [] : ['admin']),
    ...HOSTILE.usernameVariants,
    HOSTILE.unicodeUsername,
    HOSTILE.sqlUsername,
  ];
  const provider = (id: string, overrides: LegacyRow = {}): LegacyRow => ({
    id,
    name: id,
    base_url: 'https://api.example.com/v1',
    api_key: encryptedProviderKey(prng),
    model_mapping: null,
    enabled: 1,
    ...times(),
    ...overrides,
  });
  const model = (id: string, providerId: string | null, overrides: LegacyRow = {}): LegacyRow => ({
    id,
    name: `hostile model ${id}`,
    provider_id: providerId,
    model_identifier: 'gpt-4o',
    enabled: 1,
    ...times(),
    is_virtual: 0,
    routing_config_id: null,
    model_attributes: null,
    prompt_config: null,
    compression_config: null,
    expert_routing_id: null,
    ...overrides,
  });
  const key = (id: string, keyValue: string, overrides: LegacyRow = {}): LegacyRow => ({
    id,
    key_value: keyValue,
    key_hash: sha256Hex(keyValue),
    name: `hostile key ${keyValue}`,
    provider_id: null,
    model_id: null,
    routing_strategy: 'single',
    model_ids: null,
    routing_config: null,
    enabled: 1,
    rate_limit: null,
    ...times(),
    cache_enabled: 0,
    disable_logging: 0,
    ...overrides,
  });
  const request = (id: string, overrides: LegacyRow): LegacyRow => ({
    id,
    virtual_key_id: null,
    provider_id: null,
    model: 'gpt-4o',
    prompt_tokens: 10,
    completion_tokens: 5,
    total_tokens: 15,
    status: 'success',
    response_time: 250,
    error_message: null,
    created_at: ts(),
    request_body: null,
    response_body: null,
    cache_hit: 0,
    prompt_cache_hit_tokens: 0,
    prompt_cache_write_tokens: 0,
    ...overrides,
  });
  const expertConfig = (id: string, config: string): LegacyRow => ({
    id,
    name: `专家 ${id} 🧠`,
    description: HOSTILE.sqlText,
    enabled: null,
    config,
    ...times(),
  });
  const gateway = (id: string): LegacyRow => ({
    id,
    name: `gateway ${id}`,
    url: 'http://localhost:9999',
    description: HOSTILE.emojiText,
    is_default: null,
    enabled: null,
    container_name: null,
    port: null,
    api_key: portkeyApiKey(prng),
    install_status: 'pending',
    ...times(),
    last_heartbeat: null,
    agent_version: null,
  });

  const rows: Partial<Record<LegacyTableName, LegacyRow[]>> = {
    users: usernames.map((username) => ({
      id: nanoid(prng),
      username,
      password_hash: passwordHash(prng, username),
      ...times(),
    })),
    providers: [
      provider(ids.deletedProvider),
      provider(HOSTILE.providerId, { name: HOSTILE.providerName, model_mapping: HOSTILE.invalidJson, enabled: null }),
      provider(HOSTILE.providerIdCaseVariant),
    ],
    models: [
      model(ids.deletedModel, HOSTILE.providerId),
      model(ids.nullFlagsModel, ids.deletedProvider, {
        name: `模型 🤖 "quoted" \`tick\``,
        enabled: null,
        is_virtual: null,
        model_attributes: HOSTILE.invalidJson,
        prompt_config: HOSTILE.sqlText,
      }),
    ],
    virtual_keys: [
      ...HOSTILE.keyValueVariants.map((value) => key(nanoid(prng), value, { provider_id: HOSTILE.providerId })),
      key(ids.deletedKey, `vk_${nanoid(prng)}`),
      key(ids.nullFlagsKey, `vk_${nanoid(prng)}`, {
        name: HOSTILE.emojiText,
        provider_id: ids.deletedProvider,
        model_id: ids.deletedModel,
        routing_strategy: null,
        model_ids: '[abc, "def"',
        enabled: null,
        cache_enabled: null,
        disable_logging: null,
      }),
    ],
    system_config: [
      { key: 'hostile_setting 🙂', value: 'line1\nline2\u0000tail', description: HOSTILE.sqlText, updated_at: ts() },
    ],
    api_requests: [
      request(ids.nulApiRequest, {
        virtual_key_id: ids.nullFlagsKey,
        provider_id: HOSTILE.providerId,
        prompt_tokens: HOSTILE.integralRealPromptTokens,
        response_time: HOSTILE.realResponseTime,
        request_body: HOSTILE.nulRequestBody,
        response_body: HOSTILE.nulResponseBody,
      }),
      request(ids.danglingApiRequest, {
        virtual_key_id: ids.deletedKey,
        provider_id: ids.deletedProvider,
        model: HOSTILE.sqlModel,
        cache_hit: null,
      }),
      request(ids.bigErrorApiRequest, {
        status: 'error',
        completion_tokens: 0,
        error_message: `Upstream error 400: ${sliceLong(prng, ctx, HOSTILE.errorMessageBytes)}`,
        // Responses were cut near 10,000 characters: what is left is not valid JSON.
        response_body: JSON.stringify({ error: { message: sliceLong(prng, ctx, 20_000) } }).slice(0, 10_000),
      }),
      request(ids.unicodeApiRequest, {
        provider_id: HOSTILE.providerId,
        model: '模型 🤖',
        request_body: JSON.stringify({ messages: [{ role: 'user', content: HOSTILE.emojiText }] }),
        response_body: HOSTILE.invalidJson,
      }),
    ],
    routing_configs: [
      {
        id: nanoid(prng),
        name: HOSTILE.providerName,
        description: HOSTILE.sqlText,
        type: 'fallback',
        config: HOSTILE.invalidJson,
        enabled: null,
        ...times(),
      },
    ],
    portkey_gateways: [gateway(ids.deletedGateway), gateway(nanoid(prng))],
    model_routing_rules: [
      {
        id: ids.longRegexRule,
        name: `rule "quoted" 'single' \`back\``,
        description: null,
        portkey_gateway_id: ids.deletedGateway,
        rule_type: 'regex',
        rule_value: `^(${Array.from({ length: 400 }, (_, i) => `model-${i}\\.v[0-9]+`).join('|')})$`,
        priority: null,
        enabled: null,
        ...times(),
      },
    ],
    expert_routing_configs: [
      expertConfig(ids.deletedExpertConfig, '{}'),
      expertConfig(nanoid(prng), JSON.stringify({ prompt_template: `${HOSTILE.emojiText} {{question}}` })),
    ],
    expert_routing_logs: [bigExpertLog(prng, ctx, ts())],
  };
  const deletions: { table: LegacyTableName; id: string }[] = [
    { table: 'providers', id: ids.deletedProvider },
    { table: 'models', id: ids.deletedModel },
    { table: 'virtual_keys', id: ids.deletedKey },
    { table: 'portkey_gateways', id: ids.deletedGateway },
    { table: 'expert_routing_configs', id: ids.deletedExpertConfig },
  ];
  return { rows, deletions };
}

function sliceLong(prng: Prng, ctx: RowContext, bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  while (size < bytes) {
    const part = sliceText(prng, ctx.textPool, Math.min(bytes - size, 64 * 1024));
    parts.push(part);
    size += Buffer.byteLength(part) + 1;
  }
  return parts.join(' ');
}

/** A whole chat history of about 2 MB, as the expert router logged it, untruncated. */
function bigExpertLog(prng: Prng, ctx: RowContext, createdAt: number): LegacyRow {
  const messages: { role: string; content: string }[] = [];
  let size = 0;
  for (let turn = 0; size < HOSTILE.originalRequestBytes; turn++) {
    const message = { role: turn % 2 ? 'assistant' : 'user', content: sliceText(prng, ctx.textPool, 8_000) };
    messages.push(message);
    size += Buffer.byteLength(JSON.stringify(message)) + 1;
  }
  const originalRequest = JSON.stringify({ model: 'auto', messages });
  return {
    id: HOSTILE.ids.bigExpertLog,
    virtual_key_id: HOSTILE.ids.deletedKey,
    expert_routing_id: HOSTILE.ids.deletedExpertConfig,
    request_hash: md5Hex(originalRequest),
    classifier_model: 'gpt-4o-mini',
    classification_result: `<think>${sliceLong(prng, ctx, 70 * 1024)}</think>\ncoding`,
    selected_expert_id: 'coding',
    selected_expert_type: 'model',
    selected_expert_name: HOSTILE.emojiText,
    classification_time: HOSTILE.realClassificationTime,
    created_at: createdAt,
    original_request: originalRequest,
    classifier_request: HOSTILE.nulRequestBody,
    classifier_response: HOSTILE.invalidJson,
  };
}
