/**
 * The codes of the MySQL failures that are conditions of the server, not of the data: they must be retryable (the
 * log writer keeps its rows for them) and say what to do. The faults themselves run against real servers in
 * packages/gateway-db/test/faults/.
 */
import { describe, expect, it } from 'vitest';
import { mapMysqlError } from '../src/dialect/mysql/mysql-errors.js';
import { isRetryable } from '../src/errors.js';

const context = { server: 'db.internal:3306', user: 'gateway', database: 'llm_gateway' };

function driverError(fields: { errno?: number; code?: string; message: string }): Error {
  return Object.assign(new Error(fields.message), fields);
}

describe('MySQL errors of a server out of room or time', () => {
  it.each([
    [
      1114,
      'ER_RECORD_FILE_FULL',
      "The table 'api_requests' is full",
      /^Table api_requests is full on db\.internal:3306/,
    ],
    [
      1021,
      'ER_DISK_FULL',
      'Disk full (/var/lib/mysql/x); waiting for someone to free some space...',
      /disk of db\.internal:3306 is full/,
    ],
    [
      3,
      'EE_WRITE',
      'Error writing file \'./ibtmp1\' (Errcode: 28 "No space left on device")',
      /disk is full \(errno 28\)/,
    ],
    [1030, 'ER_GET_ERRNO', 'Got error 28 "No space left on device" from storage engine InnoDB', /disk is full/],
  ])('maps %s (%s) to a retryable STORAGE_FULL that says what is full', (errno, code, message, says) => {
    const error = mapMysqlError(driverError({ errno, code, message }), {
      ...context,
      sql: 'INSERT INTO `api_requests` (`id`) VALUES (?)',
    });
    expect(error.code).toBe('STORAGE_FULL');
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(says);
    expect(error.message).toMatch(/free disk space/);
  });

  it('keeps another file-write error a plain QUERY failure', () => {
    const error = mapMysqlError(
      driverError({ errno: 3, code: 'EE_WRITE', message: "Error writing file 'x' (Errcode: 5)" }),
    );
    expect(error.code).toBe('QUERY');
  });

  it('maps a full prepared-statement table (1461) to a retryable BUSY naming max_prepared_stmt_count', () => {
    const error = mapMysqlError(
      driverError({
        errno: 1461,
        code: 'ER_MAX_PREPARED_STMT_COUNT_REACHED',
        message: "Can't create more than max_prepared_stmt_count statements (current value: 16382)",
      }),
      context,
    );
    expect(error.code).toBe('BUSY');
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/max_prepared_stmt_count/);
  });

  it.each([
    [undefined, 'PROTOCOL_SEQUENCE_TIMEOUT', 'Query inactivity timeout'],
    [1969, 'ER_STATEMENT_TIMEOUT', 'Query execution was interrupted (max_statement_time exceeded)'],
    [3024, 'ER_QUERY_TIMEOUT', 'Query execution was interrupted, maximum statement execution time exceeded'],
  ])('maps a statement timeout (%s %s) to a retryable TIMEOUT', (errno, code, message) => {
    const error = mapMysqlError(driverError({ errno, code, message }), context);
    expect(error.code).toBe('TIMEOUT');
    expect(isRetryable(error)).toBe(true);
  });

  it('keeps a packet larger than max_allowed_packet a DATA_DOES_NOT_FIT, never retried', () => {
    const error = mapMysqlError(
      driverError({
        errno: 1153,
        code: 'ER_NET_PACKET_TOO_LARGE',
        message: "Got a packet bigger than 'max_allowed_packet' bytes",
      }),
    );
    expect(error.code).toBe('DATA_DOES_NOT_FIT');
    expect(isRetryable(error)).toBe(false);
  });
});
