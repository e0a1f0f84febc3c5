/**
 * The api_requests row of one proxied request. `apiRequests.create` only buffers it (no database round trip);
 * rows of keys with `disable_logging` are still written, and the data layer leaves them out of the statistics.
 */
import type { GatewayDb } from 'gateway-db';
import type { ApiRequestInput, VirtualKey } from './db-types.js';
import type { Target } from './resolve-target.js';

export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  readonly cachedTokens: number;
}

export const NO_USAGE: Usage = { promptTokens: 0, completionTokens: 0, totalTokens: 0, cachedTokens: 0 };

const count = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;

/** Token counts from an OpenAI-style body; absent or odd fields count 0. */
export function usageOf(body: unknown): Usage {
  const usage = typeof body === 'object' && body !== null ? (body as { usage?: unknown }).usage : undefined;
  if (typeof usage !== 'object' || usage === null) return NO_USAGE;
  const u = usage as Record<string, unknown>;
  const details =
    typeof u.prompt_tokens_details === 'object' && u.prompt_tokens_details !== null
      ? (u.prompt_tokens_details as Record<string, unknown>)
      : {};
  const promptTokens = count(u.prompt_tokens);
  const completionTokens = count(u.completion_tokens);
  return {
    promptTokens,
    completionTokens,
    totalTokens: count(u.total_tokens) || promptTokens + completionTokens,
    cachedTokens: count(details.cached_tokens),
  };
}

export interface ProxiedRequest {
  readonly key: VirtualKey;
  readonly target: Target;
  /** The model name the client sent (what dashboards group by). */
  readonly requestedModel: string | undefined;
  readonly ok: boolean;
  readonly usage: Usage;
  readonly responseTimeMs: number;
  readonly requestBody: string;
  readonly responseBody: string | null;
  readonly errorMessage: string | null;
}

/** Buffers the row and returns its id (sent back as `x-request-id`). */
export function logRequest(db: GatewayDb, request: ProxiedRequest): string {
  const row: ApiRequestInput = {
    virtual_key_id: request.key.id,
    provider_id: request.target.provider.id,
    model: request.requestedModel ?? request.target.model.model_identifier,
    prompt_tokens: request.usage.promptTokens,
    completion_tokens: request.usage.completionTokens,
    total_tokens: request.usage.totalTokens,
    status: request.ok ? 'success' : 'error',
    response_time: Math.round(request.responseTimeMs),
    error_message: request.errorMessage,
    request_body: request.requestBody,
    response_body: request.responseBody,
    cache_hit: false,
    prompt_cache_hit_tokens: request.usage.cachedTokens,
  };
  return db.apiRequests.create(row).id;
}
