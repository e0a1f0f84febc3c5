/** `GET /health`: db.health() plus the log writer's counters (counts only, no row content). 503 when not ok. */
import type { ServerResponse } from 'node:http';
import { sendJson } from '../http-io.js';
import type { GatewayContext } from '../server.js';

export async function handleHealth(res: ServerResponse, context: GatewayContext): Promise<void> {
  const health = await context.db.health();
  sendJson(res, health.ok ? 200 : 503, { ...health, logWriter: context.db.logWriterStats() });
}
