/**
 * Virtual key authentication: `Authorization: Bearer <key>` looked up exactly (letter case matters; the data layer
 * compares bytes). Note that HTTP itself strips trailing spaces and tabs from header values (RFC 9110 OWS), so
 * `Bearer sk-1 ` reaches us as `Bearer sk-1`; any other trailing character (e.g. U+00A0) is kept and must match.
 */
import type { IncomingMessage } from 'node:http';
import type { GatewayDb } from 'gateway-db';
import type { VirtualKey } from './db-types.js';
import { bearerToken, HttpError } from './http-io.js';

export async function authenticateVirtualKey(req: IncomingMessage, db: GatewayDb): Promise<VirtualKey> {
  const token = bearerToken(req);
  if (token === undefined || token.length === 0) {
    throw new HttpError(401, 'missing Authorization: Bearer <virtual key>', 'authentication_error');
  }
  const key = await db.virtualKeys.getByKeyValue(token);
  // One message for both cases: whether a key exists is not told to a caller who does not hold it.
  if (key === undefined) throw new HttpError(401, 'invalid virtual key', 'authentication_error');
  if (!key.enabled) throw new HttpError(403, 'this virtual key is disabled', 'permission_error');
  return key;
}
