/**
 * `GET /health`: whether the database answers, for load balancers and container health checks. It is not
 * authenticated, so it says only ok, dialect and latency, plus the log writer's counters: never the failure's
 * message, which may name the database host, port and user (operators read it in the gateway's log instead).
 */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-io.js';
import type { GatewayContext } from '../server.js';

export async function handleHealth(res: ServerResponse, context: GatewayContext): Promise<void> {
  const { ok, dialect, latencyMs } = await context.db.health();
  sendJson(res, ok ? 200 : 503, { ok, dialect, latencyMs, logWriter: context.db.logWriterStats() });
}
