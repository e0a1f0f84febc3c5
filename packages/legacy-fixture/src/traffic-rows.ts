/**
 * The traffic tables, api_requests and expert_routing_logs: generated lazily, one row at a time, so a
 * 100,000-row file streams. Bodies are chat-completion JSON sliced from the text pool.
 */
import type { LegacyRow } from './legacy-database.js';
import { MODEL_IDENTIFIERS, md5Hex, sliceText } from './legacy-values.js';
import { nanoid, type Prng } from './prng.js';
import { flag, type PlacedRow, pickOr, place, type RowContext } from './row-context.js';

/** The rows the traffic refers to. */
export interface TrafficReferences {
  readonly providerIds: readonly string[];
  readonly virtualKeys: readonly LegacyRow[];
  readonly expertConfigIds: readonly string[];
}

export function apiRequestRows(ctx: RowContext, refs: TrafficReferences): () => Generator<PlacedRow> {
  const { providerIds, virtualKeys: keyRows } = refs;
  return place(ctx, 'api_requests', (prng, _i, at) => {
    const key = prng.chance(0.95) ? pickOr(prng, keyRows, undefined) : undefined;
    const model = pickOr(prng, MODEL_IDENTIFIERS, 'gpt-4o');
    const ok = prng.chance(0.9);
    const promptTokens = prng.int(10, 4000);
    const completionTokens = ok ? prng.int(1, 2000) : 0;
    const cacheHitTokens = prng.chance(0.2) ? prng.int(1, promptTokens) : 0;
    return {
      id: nanoid(prng),
      virtual_key_id: (key?.id as string | undefined) ?? null,
      provider_id: (key?.provider_id as string | null | undefined) ?? pickOr(prng, providerIds, null),
      model,
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      status: ok ? 'success' : 'error',
      response_time: prng.int(80, 30_000),
      error_message: ok ? null : prng.pick(UPSTREAM_ERRORS),
      created_at: at.createdAt,
      request_body: chatRequestBody(prng, ctx, model, ctx.bodyBytes),
      response_body: ok ? chatResponseBody(prng, ctx, model, at.createdAt) : null,
      cache_hit: flag(prng, 0.05),
      prompt_cache_hit_tokens: cacheHitTokens,
      prompt_cache_write_tokens: cacheHitTokens ? 0 : prng.int(0, 1) * prng.int(1, 1024),
    };
  });
}

export function expertRoutingLogRows(ctx: RowContext, refs: TrafficReferences): () => Generator<PlacedRow> {
  const { virtualKeys: keyRows, expertConfigIds } = refs;
  return place(ctx, 'expert_routing_logs', (prng, _i, at) => {
    const original = chatRequestBody(prng, ctx, 'auto', 2048);
    const category = prng.pick(['coding', 'chat', 'translation']);
    return {
      id: nanoid(prng),
      virtual_key_id: (pickOr(prng, keyRows, undefined)?.id as string | undefined) ?? null,
      expert_routing_id: pickOr(prng, expertConfigIds, undefined) ?? nanoid(prng),
      request_hash: md5Hex(original),
      classifier_model: 'gpt-4o-mini',
      classification_result: category,
      selected_expert_id: category,
      selected_expert_type: prng.pick(['model', 'virtual']),
      selected_expert_name: category === 'chat' ? '闲聊' : `${category} expert`,
      classification_time: prng.int(50, 3000),
      created_at: at.createdAt,
      original_request: original,
      classifier_request: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: '请分类' }] }),
      classifier_response: JSON.stringify({ choices: [{ message: { content: category } }] }),
    };
  });
}

export function chatRequestBody(prng: Prng, ctx: RowContext, model: string, bytes: number): string {
  const messages = [
    { role: 'system', content: 'You are a helpful assistant. 你是一个有用的助手。' },
    { role: 'user', content: sliceText(prng, ctx.textPool, Math.max(bytes - 180, 16)) },
  ];
  return JSON.stringify({ model, messages, stream: prng.chance(0.3), temperature: prng.pick([0, 0.3, 0.7, 1]) });
}

const UPSTREAM_ERRORS = [
  'Upstream error 429: {"error":{"message":"Rate limit reached for requests","type":"requests"}}',
  'Upstream error 500: Internal Server Error',
  'fetch failed: connect ECONNREFUSED 127.0.0.1:443',
  '上游服务错误: 模型不存在 (model_not_found)',
];

function chatResponseBody(prng: Prng, ctx: RowContext, model: string, createdAt: number): string {
  const content = sliceText(prng, ctx.textPool, Math.max(Math.floor(ctx.bodyBytes / 3) - 260, 16));
  return JSON.stringify({
    id: `chatcmpl-${nanoid(prng, 24)}`,
    object: 'chat.completion',
    created: Math.floor(createdAt / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: prng.int(10, 4000), completion_tokens: prng.int(1, 2000) },
  });
}
