/**
 * One statement on one connection: a server-side prepared statement (`execute`, cached per connection by mysql2),
 * or the text protocol when the caller asks for it (one-off statements) or the server refuses to prepare another.
 * mysql2's callback API: one promise per statement on the hot path.
 *
 * ER_MAX_PREPARED_STMT_COUNT_REACHED (1461) means the server's `max_prepared_stmt_count` is used up by all its
 * clients together. The refusal comes from PREPARE, before anything ran, so the same statement is sent again as
 * text with its values escaped by mysql2 (utf8mb4, backslash escapes: the session's sql_mode keeps them on);
 * results decode the same way (tested in packages/gateway-db/test/faults/prepared-statements.test.ts). Each such
 * statement then costs one extra round trip until the server has room again.
 */
import type { Connection, QueryError, QueryOptions } from 'mysql2';
import type { SqlValue } from '../sql-executor.js';
import { assertFitsPacket } from './mysql-packet.js';

const ER_MAX_PREPARED_STMT_COUNT_REACHED = 1461;

export type BoundValue = string | number | boolean | null | Buffer | bigint;

export function bindable(params: readonly SqlValue[]): BoundValue[] {
  return params.map((value) => (value === undefined ? null : value));
}

/** A statement as text; `values` are escaped into it by mysql2. */
export function asText(connection: Connection, options: QueryOptions, values: BoundValue[] = []): Promise<unknown> {
  return new Promise((resolve, reject) => {
    connection.query(options, values, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Runs the statement; with `prepare` false, or when the server refuses to prepare it (1461), as text. */
export function runStatement(
  connection: Connection,
  sql: string,
  params: readonly SqlValue[],
  rowsAsArray: boolean,
  maxPacketBytes: number | undefined,
  prepare = true,
): Promise<unknown> {
  const values = bindable(params);
  if (!prepare) return asText(connection, { sql, rowsAsArray }, values);
  return new Promise((resolve, reject) => {
    const done = (error: QueryError | null, result: unknown) => {
      if (!error) return resolve(result);
      if (error.errno !== ER_MAX_PREPARED_STMT_COUNT_REACHED) return reject(error);
      const text = connection.format(sql, values);
      // As text, a value may take twice its bytes (hex for binary, escapes): too large then is a retry for later.
      try {
        assertFitsPacket(text, [], maxPacketBytes);
      } catch {
        return reject(error);
      }
      asText(connection, { sql: text, rowsAsArray }).then(resolve, reject);
    };
    // A plain string where possible: mysql2 copies an options object on every call.
    if (rowsAsArray) connection.execute({ sql, rowsAsArray }, values, done);
    else connection.execute(sql, values, done);
  });
}
