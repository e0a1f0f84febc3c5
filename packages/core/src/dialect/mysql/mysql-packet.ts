/**
 * MariaDB and MySQL answer a statement larger than `max_allowed_packet` with ER_NET_PACKET_TOO_LARGE and then
 * close the connection. Sent through the pool, that dead connection goes back to the pool and fails the next
 * caller with a misleading CONNECTION error. So a statement whose text and values alone exceed the limit is
 * refused here, before anything is sent (found by scripts/faults/mysql-packet-too-large.ts). The limit is the one
 * last read from the server: mysql-packet-limit.ts reads it again when the server lowered it since.
 */
import { GatewayDbError } from '../../errors.js';
import { onTable, statementTable } from '../driver-error.js';
import type { SqlValue } from '../sql-executor.js';

/** Per value: type, length prefix; and the packet header of the statement. */
const VALUE_OVERHEAD_BYTES = 8;
const STATEMENT_OVERHEAD_BYTES = 1024;

/**
 * The bytes `sql` with `params` takes on the wire: a cheap upper bound when that is at most `atMost`, else the
 * exact count (only large statements pay for it).
 */
export function statementBytes(sql: string, params: readonly SqlValue[], atMost = 0): number {
  // Cheap upper bound first (a UTF-16 code unit is at most 3 UTF-8 bytes): exact sizes only for big statements.
  let bound = sql.length * 3 + STATEMENT_OVERHEAD_BYTES;
  for (const value of params)
    bound +=
      VALUE_OVERHEAD_BYTES + (typeof value === 'string' ? value.length * 3 : Buffer.isBuffer(value) ? value.length : 8);
  if (bound <= atMost) return bound;
  let bytes = Buffer.byteLength(sql) + STATEMENT_OVERHEAD_BYTES;
  for (const value of params) {
    bytes +=
      VALUE_OVERHEAD_BYTES +
      (typeof value === 'string' ? Buffer.byteLength(value) : Buffer.isBuffer(value) ? value.length : 8);
  }
  return bytes;
}

/** Throws DATA_DOES_NOT_FIT when the statement cannot fit in `maxStatementBytes` (the message quotes no value). */
export function assertFitsPacket(
  sql: string,
  params: readonly SqlValue[],
  maxStatementBytes: number | undefined,
): void {
  if (maxStatementBytes === undefined) return;
  const bytes = statementBytes(sql, params, maxStatementBytes);
  if (bytes <= maxStatementBytes) return;
  throw new GatewayDbError({
    code: 'DATA_DOES_NOT_FIT',
    message:
      `A statement${onTable(statementTable(sql))} of about ${bytes} bytes is larger than the server's max_allowed_packet ` +
      `(${maxStatementBytes} bytes); raise max_allowed_packet or write smaller rows`,
  });
}
