/** A quick login to a MySQL server, to choose the test server before any test file runs. */
import mysql from 'mysql2/promise';
import type { MysqlServer } from './mysql-server.js';

export type ProbeResult =
  | { readonly ok: true; readonly server: MysqlServer; readonly version: string }
  | { readonly ok: false; readonly reason: string };

/**
 * Logs in to `server` and asks its version. `localhost` is first tried the way mysql2 (and so the data layer) tries
 * it, then as 127.0.0.1: a server bound to 127.0.0.1 only does not answer when localhost resolves to ::1 first.
 * The reason of a failure names the address and the driver's error, never the password.
 */
export async function probeMysqlServer(server: MysqlServer, timeoutMs = 2_000): Promise<ProbeResult> {
  const hosts = server.host === 'localhost' ? ['localhost', '127.0.0.1'] : [server.host];
  const reasons: string[] = [];
  for (const host of hosts) {
    try {
      const version = await serverVersion({ ...server, host }, timeoutMs);
      return { ok: true, server: { ...server, host }, version };
    } catch (error) {
      reasons.push(`${host}:${server.port}: ${describeFailure(error, server.password)}`);
    }
  }
  return { ok: false, reason: reasons.join('; ') };
}

async function serverVersion(server: MysqlServer, timeoutMs: number): Promise<string> {
  const connection = await mysql.createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    connectTimeout: timeoutMs,
  });
  try {
    const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT VERSION() AS version');
    return String(rows[0]?.version ?? 'unknown version');
  } finally {
    await connection.end().catch(() => undefined);
  }
}

function describeFailure(error: unknown, password: string): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  // The driver's messages hold no password today; this keeps it that way should one ever echo it.
  const safe = password ? message.split(password).join('[redacted]') : message;
  return typeof code === 'string' && !safe.includes(code) ? `${code} ${safe}` : safe;
}
