/**
 * The ordinary rows of a legacy file: every table, every column of the S6 shape (columns a build did not have
 * yet are dropped when that build inserts the row). The configuration tables are small and built as arrays; the
 * traffic tables come from `traffic-rows.ts`.
 */
import type { LegacyTableName } from '@gateway-db/schema';
import {
  customKeyValue,
  encryptedProviderKey,
  MODEL_IDENTIFIERS,
  passwordHash,
  portkeyApiKey,
  sha256Hex,
  virtualKeyValue,
} from './legacy-values.js';
import { nanoid, type Prng } from './prng.js';
import { flag, type PlacedRow, pickOr, place, type RowContext } from './row-context.js';
import type { RowPlacement } from './timeline.js';
import { apiRequestRows, expertRoutingLogRows } from './traffic-rows.js';

export type { PlacedRow, RowContext } from './row-context.js';
export type TableRows = Readonly<Record<LegacyTableName, Iterable<PlacedRow>>>;

const PROVIDERS = [
  ['openai', 'OpenAI', 'https://api.openai.com/v1'],
  ['deepseek', 'DeepSeek 官方', 'https://api.deepseek.com/v1'],
  ['anthropic', 'Anthropic', 'https://api.anthropic.com/v1'],
  ['moonshot', 'Moonshot 月之暗面', 'https://api.moonshot.cn/v1'],
  ['openrouter', 'OpenRouter', 'https://openrouter.ai/api/v1'],
] as const;
const SYSTEM_CONFIG = [
  ['allow_registration', 'false', 'Allow new users to register'],
  ['cors_enabled', 'true', 'Enable CORS'],
  ['public_url', 'https://gateway.example.com', 'Public URL shown to users'],
  ['litellm_compat_enabled', 'false', 'LiteLLM compatible endpoints'],
  ['expert_routing_preview_width', '480', '专家路由预览宽度'],
] as const;

export function buildTableRows(ctx: RowContext): TableRows {
  const { timeline } = ctx;
  const updated = (prng: Prng, at: RowPlacement) => timeline.updatedAfter(at.createdAt, prng);
  const materialize = (rows: () => Generator<PlacedRow>) => [...rows()];

  const users = materialize(
    place(ctx, 'users', (prng, i, at) => ({
      id: nanoid(prng),
      username: i === 0 ? 'admin' : `user${i}_${customKeyValue(prng, 4)}`,
      password_hash: passwordHash(prng, `password-${i}`),
      created_at: at.createdAt,
      updated_at: updated(prng, at),
    })),
  );
  const providers = materialize(
    place(ctx, 'providers', (prng, i, at) => {
      const [id, name, baseUrl] = PROVIDERS[i % PROVIDERS.length] ?? PROVIDERS[0];
      const suffix = i < PROVIDERS.length ? '' : `-${Math.floor(i / PROVIDERS.length)}`;
      return {
        id: `${id}${suffix}`,
        name: `${name}${suffix}`,
        base_url: baseUrl,
        api_key: encryptedProviderKey(prng),
        model_mapping: prng.chance(0.5) ? JSON.stringify({ 'gpt-4': 'gpt-4o', 'gpt-3.5-turbo': 'gpt-4o-mini' }) : null,
        enabled: flag(prng, 0.8),
        created_at: at.createdAt,
        updated_at: updated(prng, at),
      };
    }),
  );
  const providerIds = providers.map((p) => p.row.id as string);
  const routingConfigs = materialize(
    place(ctx, 'routing_configs', (prng, i, at) => {
      const type = prng.pick(['loadbalance', 'fallback']);
      const targets = providerIds.slice(0, 3).map((provider, n) => ({ provider, weight: n + 1 }));
      return {
        id: nanoid(prng),
        name: `${type} config ${i}`,
        description: prng.chance(0.5) ? '主备切换 / primary with backup' : null,
        type,
        config: JSON.stringify({ strategy: { mode: type }, targets }),
        enabled: flag(prng, 0.9),
        created_at: at.createdAt,
        updated_at: updated(prng, at),
      };
    }),
  );
  const expertConfigs = materialize(
    place(ctx, 'expert_routing_configs', (prng, i, at) => ({
      id: nanoid(prng),
      name: `专家路由 ${i}`,
      description: 'Routes coding questions to the coding expert',
      enabled: flag(prng, 0.9),
      config: JSON.stringify({
        classifier: {
          model: 'gpt-4o-mini',
          prompt_template: '请判断以下问题的类别: {{question}}\nAnswer with one word.',
        },
        experts: [
          { id: 'coding', type: 'model', name: 'Coding expert' },
          { id: 'chat', type: 'virtual', name: '闲聊' },
        ],
      }),
      created_at: at.createdAt,
      updated_at: updated(prng, at),
    })),
  );
  const models = materialize(
    place(ctx, 'models', (prng, i, at) => {
      const identifier = MODEL_IDENTIFIERS[i % MODEL_IDENTIFIERS.length] ?? 'gpt-4o';
      const isVirtual = i > 0 && prng.chance(0.2) ? 1 : 0;
      return {
        id: nanoid(prng),
        name: `${identifier} (${i})`,
        provider_id: pickOr(prng, providerIds, null),
        model_identifier: identifier,
        enabled: flag(prng, 0.9),
        created_at: at.createdAt,
        updated_at: updated(prng, at),
        is_virtual: isVirtual,
        routing_config_id: isVirtual ? (pickOr(prng, routingConfigs, undefined)?.row.id ?? null) : null,
        model_attributes: JSON.stringify({
          context_window: prng.pick([8192, 32768, 128000]),
          supports_vision: prng.chance(0.5),
        }),
        prompt_config: prng.chance(0.3)
          ? JSON.stringify({ system_prompt: '请用中文回答。', position: 'prepend' })
          : null,
        compression_config: prng.chance(0.2) ? JSON.stringify({ enabled: true, max_tokens: 4000 }) : null,
        expert_routing_id: isVirtual ? (pickOr(prng, expertConfigs, undefined)?.row.id ?? null) : null,
      };
    }),
  );
  const modelIds = models.map((m) => m.row.id as string);
  const virtualKeys = materialize(
    place(ctx, 'virtual_keys', (prng, i, at) => {
      const keyValue = prng.chance(0.25) ? customKeyValue(prng) : virtualKeyValue(prng);
      const strategy = prng.pick(['single', 'single', 'loadbalance', 'fallback']);
      return {
        id: nanoid(prng),
        key_value: keyValue,
        key_hash: sha256Hex(keyValue),
        name: `key ${i} ${prng.pick(['production', '测试', 'staging 🚀'])}`,
        provider_id: strategy === 'single' ? pickOr(prng, providerIds, null) : null,
        model_id: strategy === 'single' ? pickOr(prng, modelIds, null) : null,
        routing_strategy: strategy,
        model_ids: strategy === 'single' ? null : JSON.stringify(modelIds.slice(0, 3)),
        routing_config: strategy === 'single' ? null : JSON.stringify({ retry: { attempts: 2 } }),
        enabled: flag(prng, 0.9),
        rate_limit: prng.chance(0.5) ? prng.pick([60, 600, 6000]) : null,
        created_at: at.createdAt,
        updated_at: updated(prng, at),
        cache_enabled: flag(prng, 0.3),
        disable_logging: flag(prng, 0.1),
      };
    }),
  );
  const systemConfig = materialize(
    place(ctx, 'system_config', (prng, i, at) => {
      const [key, value, description] = SYSTEM_CONFIG[i] ?? [`custom_setting_${i}`, `${i}`, null];
      return { key, value, description, updated_at: updated(prng, at) };
    }),
  );
  const gateways = materialize(
    place(ctx, 'portkey_gateways', (prng, i, at) => ({
      id: nanoid(prng),
      name: `Portkey ${i}`,
      url: `http://localhost:${8787 + i}`,
      description: prng.chance(0.5) ? '本地网关' : null,
      is_default: i === 0 ? 1 : 0,
      enabled: flag(prng, 0.9),
      container_name: `portkey-gateway-${i}`,
      port: 8787 + i,
      api_key: portkeyApiKey(prng),
      install_status: prng.pick(['installed', 'installed', 'pending', 'failed']),
      created_at: at.createdAt,
      updated_at: updated(prng, at),
      last_heartbeat: prng.chance(0.7) ? updated(prng, at) : null,
      agent_version: prng.chance(0.7) ? '1.4.2' : null,
    })),
  );
  const gatewayIds = gateways.map((g) => g.row.id as string);
  const rules = materialize(
    place(ctx, 'model_routing_rules', (prng, i, at) => {
      const ruleType = prng.pick(['model_name', 'prefix', 'regex']);
      return {
        id: nanoid(prng),
        name: `rule ${i}`,
        description: null,
        // With no gateway to point at, the rule points at one that was deleted: a dangling reference.
        portkey_gateway_id: pickOr(prng, gatewayIds, nanoid(prng)),
        rule_type: ruleType,
        rule_value: ruleType === 'regex' ? '^(gpt-4o|claude-3-5-.*)$' : prng.pick(MODEL_IDENTIFIERS),
        priority: prng.int(0, 100),
        enabled: flag(prng, 0.9),
        created_at: at.createdAt,
        updated_at: updated(prng, at),
      };
    }),
  );

  const refs = {
    providerIds,
    virtualKeys: virtualKeys.map((k) => k.row),
    expertConfigIds: expertConfigs.map((e) => e.row.id as string),
  };
  return {
    users,
    providers,
    models,
    virtual_keys: virtualKeys,
    system_config: systemConfig,
    api_requests: { [Symbol.iterator]: apiRequestRows(ctx, refs) },
    routing_configs: routingConfigs,
    portkey_gateways: gateways,
    model_routing_rules: rules,
    expert_routing_configs: expertConfigs,
    expert_routing_logs: { [Symbol.iterator]: expertRoutingLogRows(ctx, refs) },
  };
}
