/** `GET /metrics`: Prometheus text format, behind the admin token (see metrics.ts for what it holds). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireAdmin } from '../admin-token.js';
import { renderMetrics } from '../metrics.js';
import type { GatewayContext } from '../server.js';

export async function handleMetrics(req: IncomingMessage, res: ServerResponse, context: GatewayContext): Promise<void> {
  requireAdmin(req, context.adminToken);
  const body = await renderMetrics(context.db, context.queryMetrics);
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(body);
}
