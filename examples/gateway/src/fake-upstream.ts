/**
 * A stand-in for an OpenAI-compatible provider: `POST /v1/chat/completions` answers after `latencyMs` with a
 * completion whose `usage` is derived from the request (prompt tokens = characters of the messages / 4, rounded
 * up; completion tokens = `max_tokens` or 16). `failNext(n, status)` makes the next n answers errors.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody, sendJson } from './http-io.js';

export interface FakeUpstreamOptions {
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (an ephemeral port). */
  readonly port?: number;
  /** Delay before each answer, in ms. Default 0. */
  readonly latencyMs?: number;
}

export interface FakeUpstream {
  /** e.g. `http://127.0.0.1:18080/v1`: what a provider's base_url points to. */
  readonly baseUrl: string;
  latencyMs: number;
  /** The next `count` requests get `status` (default 500) with an OpenAI-style error body. */
  failNext(count: number, status?: number): void;
  readonly requestCount: () => number;
  close(): Promise<void>;
}

export function promptTokensOf(body: unknown): number {
  const messages = typeof body === 'object' && body !== null ? (body as { messages?: unknown }).messages : undefined;
  let characters = 0;
  if (Array.isArray(messages)) {
    for (const message of messages) {
      const content =
        typeof message === 'object' && message !== null ? (message as { content?: unknown }).content : undefined;
      if (typeof content === 'string') characters += content.length;
    }
  }
  return Math.max(1, Math.ceil(characters / 4));
}

export function completionTokensOf(body: unknown): number {
  const max = typeof body === 'object' && body !== null ? (body as { max_tokens?: unknown }).max_tokens : undefined;
  return typeof max === 'number' && Number.isInteger(max) && max > 0 ? max : 16;
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let requests = 0;
  const state = { latencyMs: options.latencyMs ?? 0 };

  const server: Server = createServer((req, res) => {
    void (async () => {
      requests++;
      const text = await readBody(req);
      if (state.latencyMs > 0) await sleep(state.latencyMs);
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        sendJson(res, 404, { error: { message: 'not found', type: 'invalid_request_error' } });
        return;
      }
      if (failures.count > 0) {
        failures = { ...failures, count: failures.count - 1 };
        sendJson(res, failures.status, {
          error: { message: 'fake upstream failure (as requested)', type: 'server_error' },
        });
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        sendJson(res, 400, { error: { message: 'invalid JSON', type: 'invalid_request_error' } });
        return;
      }
      const prompt = promptTokensOf(body);
      const completion = completionTokensOf(body);
      const model = typeof body === 'object' && body !== null ? (body as { model?: unknown }).model : undefined;
      sendJson(res, 200, {
        id: `chatcmpl-${requests}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: typeof model === 'string' ? model : 'unknown',
        choices: [
          { index: 0, message: { role: 'assistant', content: 'Hello from the fake upstream.' }, finish_reason: 'stop' },
        ],
        usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
      });
    })().catch(() => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    baseUrl: `http://${address.address}:${address.port}/v1`,
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(value: number) {
      state.latencyMs = value;
    },
    failNext(count, status = 500) {
      failures = { count, status };
    },
    requestCount: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
