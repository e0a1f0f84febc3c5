/** Starts the gateway server on an opened GatewayDb; `close()` stops accepting and waits for requests in flight. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayDb } from 'gateway-db';
import { corsSetting } from './cors-setting.js';
import { gatewayChoice } from './gateway-choice.js';
import type { QueryMetrics } from './metrics.js';
import { createGatewayServer } from './server.js';

export interface GatewayOptions {
  readonly db: GatewayDb;
  readonly adminToken: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0 (ephemeral). */
  readonly port?: number;
  /** Keep `cors_enabled` this many ms. Default 0: read on every request. */
  readonly corsCacheMs?: number;
  /** Default 60,000 ms. */
  readonly upstreamTimeoutMs?: number;
  /** ms `close()` waits for requests in flight before cutting their connections. Default 10,000. */
  readonly drainTimeoutMs?: number;
  readonly logError?: (message: string) => void;
  /** Statement counts for `/metrics` (pass the same object's `observe` as the db's `onQuery`). */
  readonly queryMetrics?: QueryMetrics;
}

export interface RunningGateway {
  /** e.g. `http://127.0.0.1:8080` */
  readonly url: string;
  readonly server: Server;
  /** Stops accepting connections and waits for the requests in flight (the database stays open). */
  close(): Promise<void>;
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const server = createGatewayServer({
    db: options.db,
    adminToken: options.adminToken,
    cors: corsSetting(options.db, options.corsCacheMs ?? 0),
    gateways: gatewayChoice(options.db),
    upstreamTimeoutMs: options.upstreamTimeoutMs ?? 60_000,
    logError: options.logError ?? ((message) => console.error(`[gateway] ${message}`)),
    ...(options.queryMetrics ? { queryMetrics: options.queryMetrics } : {}),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${address.address}:${address.port}`,
    server,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        // Idle keep-alive connections would otherwise hold close() until they time out.
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
