/**
 * `POST /v1/chat/completions`: authenticate, resolve the target, forward to the provider's `base_url`, answer with
 * the upstream's status and body, and log the request (buffered). Data-layer failures propagate to server.ts (503).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateVirtualKey } from '../auth.js';
import { HttpError, readBody } from '../http-io.js';
import { logRequest, NO_USAGE, usageOf } from '../request-log.js';
import { resolveTarget } from '../resolve-target.js';
import type { GatewayContext } from '../server.js';

function parseChatBody(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new HttpError(400, 'the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why the upstream could not be reached, without its address or headers. */
function upstreamFailure(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (error instanceof Error && error.name === 'TimeoutError') return 'upstream timed out';
  return `upstream unreachable (${typeof cause?.code === 'string' ? cause.code : 'network error'})`;
}

export async function handleChatCompletion(
  req: IncomingMessage,
  res: ServerResponse,
  context: GatewayContext,
): Promise<void> {
  const started = performance.now();
  const key = await authenticateVirtualKey(req, context.db);
  const requestBody = await readBody(req);
  const body = parseChatBody(requestBody);
  const requestedModel = typeof body.model === 'string' ? body.model : undefined;
  const target = await resolveTarget(context.db, key, requestedModel);
  const route = (await context.gateways.choose(target.model.model_identifier, target.provider.id)) ?? 'direct';
  res.setHeader('x-gateway-route', route);

  let status: number;
  let responseBody: string;
  try {
    const upstream = await fetch(`${target.provider.base_url.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.provider.api_key}` },
      body: JSON.stringify({ ...body, model: target.model.model_identifier }),
      signal: AbortSignal.timeout(context.upstreamTimeoutMs),
    });
    status = upstream.status;
    responseBody = await upstream.text();
  } catch (error) {
    const message = upstreamFailure(error);
    const id = logRequest(context.db, {
      key,
      target,
      requestedModel,
      ok: false,
      usage: NO_USAGE,
      responseTimeMs: performance.now() - started,
      requestBody,
      responseBody: null,
      errorMessage: message,
    });
    res.setHeader('x-request-id', id);
    throw new HttpError(502, message, 'upstream_error');
  }

  const ok = status >= 200 && status < 300;
  const id = logRequest(context.db, {
    key,
    target,
    requestedModel,
    ok,
    usage: ok ? usageOf(parseJson(responseBody)) : NO_USAGE,
    responseTimeMs: performance.now() - started,
    requestBody,
    responseBody,
    errorMessage: ok ? null : `upstream answered ${status}: ${responseBody}`,
  });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(responseBody),
    'x-request-id': id,
  });
  res.end(responseBody);
}
