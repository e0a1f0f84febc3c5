/**
 * Connections to a database served by several servers (`MYSQL_HOST=node1,node2,node3`: the nodes of a Galera
 * cluster). New connections go to the server in use; when it refuses one (down, unreachable, not answering within
 * the connect timeout), or a connection to it is discarded after a failure (it stopped answering, or it answers
 * that it is not ready for queries: a Galera node outside the primary component), the next server in the list
 * becomes the one in use, and so on round the list. Other connections already open stay where they are until
 * they fail in turn. The caller whose connection attempt failed gets that (retryable) error; its retry, or the
 * next caller, reaches the next server.
 */
import { connect, type Socket } from 'node:net';
import type { MysqlHost } from '../../config.js';

class HostRotation {
  private current = 0;

  constructor(
    private readonly hosts: readonly MysqlHost[],
    private readonly keepAliveDelayMs: number,
  ) {}

  /** Moves on from host `index` if it is still the one in use (another failure may have moved on already). */
  leave(index: number): void {
    if (this.current === index) this.current = (index + 1) % this.hosts.length;
  }

  /** A socket to the server in use (mysql2's `stream` factory: it sends the handshake once connected). */
  open(): Socket {
    const index = this.current;
    const target = this.hosts[index] ?? this.hosts[0];
    if (!target) throw new Error('no MySQL host configured');
    const socket = connect(target.port, target.host);
    socket.setNoDelay(true);
    let connected = false;
    socket.once('connect', () => {
      connected = true;
      socket.setKeepAlive(true, this.keepAliveDelayMs);
    });
    // Closed before it connected (refused, unreachable, or destroyed by mysql2's connect timeout): move on, unless
    // another failed attempt has moved on already.
    socket.once('close', () => {
      if (!connected) this.leave(index);
    });
    hostOfSocket.set(socket, { rotation: this, index });
    return socket;
  }
}

const rotations = new WeakMap<object, HostRotation>();
const hostOfSocket = new WeakMap<Socket, { rotation: HostRotation; index: number }>();

/**
 * Called when a connection is discarded after a failure: new connections move on from its host. Connections of a
 * single-host configuration have no rotation: nothing happens.
 */
export function leaveHostOf(socket: Socket | undefined): void {
  const host = socket ? hostOfSocket.get(socket) : undefined;
  host?.rotation.leave(host.index);
}

/** The `stream` option that spreads new connections of `server` over its hosts (one rotation per config). */
export function failoverStream(
  server: MysqlHost & { readonly moreHosts?: readonly MysqlHost[] },
  keepAliveDelayMs = 0,
): (() => Socket) | undefined {
  if (!server.moreHosts || server.moreHosts.length === 0) return undefined;
  let rotation = rotations.get(server);
  if (!rotation) {
    rotation = new HostRotation([{ host: server.host, port: server.port }, ...server.moreHosts], keepAliveDelayMs);
    rotations.set(server, rotation);
  }
  const chosen = rotation;
  return () => chosen.open();
}
