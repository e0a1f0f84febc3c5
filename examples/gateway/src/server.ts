/**
 * The HTTP server: CORS from system_config on every request, the routes, and one place that turns failures into
 * answers: a route's HttpError as is; a gateway-db error as 503 with its code (its message never holds secrets,
 * but the client gets only a short text); anything else as 500. Nothing a request does can crash the process.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type GatewayDb, isGatewayDbError } from 'gateway-db';
import { CORS_HEADERS, type CorsSetting } from './cors-setting.js';
import type { GatewayChoice } from './gateway-choice.js';
import { HttpError, sendError } from './http-io.js';
import type { QueryMetrics } from './metrics.js';
import { handleAdmin } from './routes/admin.js';
import { handleHealth } from './routes/health.js';
import { handleMetrics } from './routes/metrics.js';
import { handleChatCompletion } from './routes/proxy.js';

export interface GatewayContext {
  readonly db: GatewayDb;
  readonly adminToken: string;
  readonly cors: CorsSetting;
  readonly gateways: GatewayChoice;
  /** How long a request to the provider may take, in ms. */
  readonly upstreamTimeoutMs: number;
  /** Where unexpected errors are reported (one line, no request content). */
  readonly logError: (message: string) => void;
  /** Statement counts for `/metrics`, when the db was opened with `onQuery: queryMetrics.observe`. */
  readonly queryMetrics?: QueryMetrics;
}

async function route(req: IncomingMessage, res: ServerResponse, context: GatewayContext): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.local');
  // Health first: it must answer (503) even when the database, and so the CORS setting, cannot be read.
  if (req.method === 'GET' && url.pathname === '/health') return handleHealth(res, context);
  if (req.method === 'GET' && url.pathname === '/metrics') return handleMetrics(req, res, context);
  if (await context.cors.enabled()) {
    for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
  }
  if (req.method === 'POST' && url.pathname === '/v1/chat/completions') return handleChatCompletion(req, res, context);
  if (url.pathname.startsWith('/api/admin/')) return handleAdmin(req, res, url, context);
  throw new HttpError(404, `no route ${req.method ?? ''} ${url.pathname}`, 'not_found');
}

function answerFailure(res: ServerResponse, error: unknown, context: GatewayContext): void {
  if (error instanceof HttpError) {
    sendError(res, error.status, error.message, error.type);
  } else if (isGatewayDbError(error)) {
    sendError(res, 503, `the gateway database is unavailable (${error.code}); retry later`, 'database_unavailable');
  } else {
    context.logError(`unexpected error: ${error instanceof Error ? error.name : 'unknown'}`);
    sendError(res, 500, 'internal error', 'internal_error');
  }
}

export function createGatewayServer(context: GatewayContext): Server {
  const server = createServer((req, res) => {
    route(req, res, context).catch((error: unknown) => answerFailure(res, error, context));
  });
  // Load balancers and the load script reuse connections.
  server.keepAliveTimeout = 30_000;
  return server;
}
