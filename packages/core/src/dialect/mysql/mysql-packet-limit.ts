/**
 * The server's `max_allowed_packet`, as the executor knows it. It is read at start, and again whenever the server
 * refused or dropped a statement that may have been too large for it: a restart or failover with another
 * configuration (or `SET GLOBAL max_allowed_packet`) lowers it for every new connection. With the stale value the
 * same oversized batch would be sent again and again, each time closing a connection and failing as CONNECTION,
 * which the log writer retries forever; with the new one it is refused before sending, as DATA_DOES_NOT_FIT, and the
 * writer isolates the large row.
 */
import type mysql from 'mysql2/promise';
import type { MysqlConfig } from '../../config.js';
import { mysql2 } from '../drivers.js';
import type { SqlValue } from '../sql-executor.js';
import { withDeadline } from './mysql-deadline.js';
import { assertFitsPacket, statementBytes } from './mysql-packet.js';
import { mysqlConnectionOptions } from './mysql-session.js';

const ER_NET_PACKET_TOO_LARGE = 1153;
/** The smallest max_allowed_packet a server accepts: a smaller statement was not refused for its size. */
const SMALLEST_LIMIT_BYTES = 1024;
/**
 * How a connection the server closed while a statement was on its way fails (the server may close it before its
 * ER_NET_PACKET_TOO_LARGE is read). Failures to connect at all are not among them: nothing was sent.
 */
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'PROTOCOL_CONNECTION_LOST']);
const DROPPED_ERRNOS = new Set([2006, 2013]);

export class PacketLimit {
  private reading: Promise<void> | undefined;

  constructor(
    private current: number | undefined,
    private readonly read: () => Promise<number | undefined>,
  ) {}

  /** The largest statement the server accepts in bytes, as last read. */
  get bytes(): number | undefined {
    return this.current;
  }

  /** Throws DATA_DOES_NOT_FIT when the statement is larger than the limit. */
  assertFits(sql: string, params: readonly SqlValue[]): void {
    assertFitsPacket(sql, params, this.current);
  }

  /**
   * After `error` failed the statement: when the server refused it as too large, or dropped the connection while a
   * statement larger than the smallest possible limit was on its way, reads the limit again (one read at a time)
   * and throws DATA_DOES_NOT_FIT if the statement does not fit the new one. Otherwise returns: `error` stands.
   */
  async recheck(sql: string, params: readonly SqlValue[], error: unknown): Promise<void> {
    const { code, errno } = (error ?? {}) as { code?: unknown; errno?: unknown };
    const refused = errno === ER_NET_PACKET_TOO_LARGE;
    const dropped = DROPPED_CODES.has(String(code)) || DROPPED_ERRNOS.has(Number(errno));
    if (!refused && !(dropped && statementBytes(sql, params) > SMALLEST_LIMIT_BYTES)) return;
    this.reading ??= this.read()
      .then(
        (bytes) => {
          if (bytes !== undefined) this.current = bytes;
        },
        () => undefined, // Unreachable server: the statement's own error is the one to report.
      )
      .finally(() => {
        this.reading = undefined;
      });
    await this.reading;
    this.assertFits(sql, params);
  }
}

/**
 * `max_allowed_packet` as a new connection gets it, read on a fresh connection outside the pool (pooled ones may be
 * the dead ones of before a restart). GLOBAL: a session keeps the value it started with.
 */
export async function readMaxAllowedPacket(config: MysqlConfig): Promise<number | undefined> {
  const { connectTimeoutMs, statementTimeoutMs } = config.pool;
  const connection = await mysql2().createConnection({
    ...mysqlConnectionOptions(config, Math.min(connectTimeoutMs, statementTimeoutMs)),
    database: config.database,
  });
  let rows: mysql.RowDataPacket[];
  try {
    [rows] = await withDeadline(
      connection.query<mysql.RowDataPacket[]>('SELECT @@GLOBAL.max_allowed_packet AS bytes'),
      statementTimeoutMs,
      () => new Error('no answer to SELECT @@GLOBAL.max_allowed_packet'),
    );
  } catch (error) {
    connection.destroy();
    throw error;
  }
  connection.end().catch(() => undefined);
  return Number(rows[0]?.bytes) || undefined;
}
