/**
 * The admin API (Bearer ADMIN_TOKEN):
 * - `GET /api/admin/stats?period=24h` -> apiRequests.getStats over the last period (`<n>h` or `<n>d`, default 24h);
 * - `GET /api/admin/api-requests?page=&pageSize=&status=&virtualKeyId=&providerId=&model=&startTime=&endTime=`
 *   -> apiRequests.getAll (pageSize at most 100);
 * - `POST /api/admin/cleanup?daysToKeep=30` -> apiRequests.cleanOldRecords (the retention job, on demand).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireAdmin } from '../admin-token.js';
import { HttpError, sendJson } from '../http-io.js';
import type { GatewayContext } from '../server.js';

const HOUR_MS = 3_600_000;
const MAX_PAGE_SIZE = 100;

export function periodMs(text: string | null): number {
  const match = /^(\d{1,4})([hd])$/.exec(text ?? '24h');
  if (!match) throw new HttpError(400, 'period must look like 24h or 7d');
  const amount = Number(match[1]);
  if (amount < 1) throw new HttpError(400, 'period must be at least 1h');
  return amount * (match[2] === 'd' ? 24 : 1) * HOUR_MS;
}

function integerParam(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const text = query.get(name);
  if (text === null || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new HttpError(400, `${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

function textParam(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}

export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  context: GatewayContext,
): Promise<void> {
  requireAdmin(req, context.adminToken);
  const query = url.searchParams;
  if (req.method === 'GET' && url.pathname === '/api/admin/stats') {
    const endTime = Date.now();
    const stats = await context.db.apiRequests.getStats({
      startTime: endTime - periodMs(query.get('period')),
      endTime,
    });
    sendJson(res, 200, stats);
    return;
  }
  if (req.method === 'GET' && url.pathname === '/api/admin/api-requests') {
    const page = await context.db.apiRequests.getAll({
      page: integerParam(query, 'page', 1, 1_000_000),
      pageSize: integerParam(query, 'pageSize', 1, MAX_PAGE_SIZE),
      startTime: integerParam(query, 'startTime', 0, Number.MAX_SAFE_INTEGER),
      endTime: integerParam(query, 'endTime', 0, Number.MAX_SAFE_INTEGER),
      status: textParam(query, 'status'),
      virtualKeyId: textParam(query, 'virtualKeyId'),
      providerId: textParam(query, 'providerId'),
      model: textParam(query, 'model'),
    });
    sendJson(res, 200, page);
    return;
  }
  if (req.method === 'POST' && url.pathname === '/api/admin/cleanup') {
    const daysToKeep = integerParam(query, 'daysToKeep', 0, 36_500) ?? 30;
    const started = performance.now();
    const deleted = await context.db.apiRequests.cleanOldRecords(daysToKeep);
    sendJson(res, 200, { deleted, daysToKeep, ms: Math.round(performance.now() - started) });
    return;
  }
  throw new HttpError(404, `no admin route ${req.method ?? ''} ${url.pathname}`, 'not_found');
}
