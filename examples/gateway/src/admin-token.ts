/**
 * The admin API token: `ADMIN_TOKEN` from the environment, or a random one generated at start (printed once by
 * main.ts so the operator can use it; it guards only this process and is not stored anywhere).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { bearerToken, HttpError } from './http-io.js';

export interface AdminToken {
  readonly value: string;
  /** True when generated now (no ADMIN_TOKEN was set). */
  readonly generated: boolean;
}

export function adminTokenFromEnv(env: NodeJS.ProcessEnv = process.env): AdminToken {
  const given = env.ADMIN_TOKEN;
  if (given !== undefined && given.length > 0) return { value: given, generated: false };
  return { value: `adm_${randomBytes(24).toString('base64url')}`, generated: true };
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time comparison of `Authorization: Bearer <admin token>`. */
export function requireAdmin(req: IncomingMessage, token: string): void {
  const given = bearerToken(req);
  if (given === undefined || !timingSafeEqual(digest(given), digest(token))) {
    throw new HttpError(401, 'admin token required (Authorization: Bearer <ADMIN_TOKEN>)', 'authentication_error');
  }
}
