/**
 * Maps mysql2 errors to GatewayDbError. The message is built here from error numbers and identifiers (key,
 * column, table names); the driver's message is kept in `cause` only for error numbers whose text quotes no
 * values. `sql` and `sqlMessage` are never copied.
 */
import { GatewayDbError, type GatewayDbErrorCode } from '../../errors.js';
import {
  type DriverErrorFields,
  driverErrorFields,
  onTable,
  sanitizedCause,
  statementTable,
  unwrapDrizzleError,
} from '../driver-error.js';

export interface MysqlErrorContext {
  /** The statement text (with `?` placeholders) that failed: used only to name the table. */
  readonly sql?: string;
  /** `host:port` of the server and the login user, to say what to fix; never the password. */
  readonly server?: string;
  readonly user?: string;
  readonly database?: string;
}

/** Error numbers whose driver message may quote a row value (duplicate entry, incorrect value, SQL text). */
const MESSAGE_QUOTES_VALUES = new Set([1062, 1586, 1022, 1292, 1366, 1064, 1105, 1367, 1411]);

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_PACKETS_OUT_OF_ORDER',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CLIENT_INTERACTION_TIMEOUT',
]);

const CODE_BY_ERRNO: ReadonlyMap<number, GatewayDbErrorCode> = new Map<number, GatewayDbErrorCode>([
  [1062, 'CONFLICT'],
  [1586, 'CONFLICT'],
  [1022, 'CONFLICT'],
  [1451, 'CONSTRAINT'],
  [1452, 'CONSTRAINT'],
  [1216, 'CONSTRAINT'],
  [1217, 'CONSTRAINT'],
  [1048, 'CONSTRAINT'],
  [1364, 'CONSTRAINT'],
  [3819, 'CONSTRAINT'],
  [4025, 'CONSTRAINT'],
  [1406, 'DATA_DOES_NOT_FIT'],
  [1264, 'DATA_DOES_NOT_FIT'],
  [1153, 'DATA_DOES_NOT_FIT'],
  [1114, 'STORAGE_FULL'],
  [1021, 'STORAGE_FULL'],
  [1265, 'DATA_DOES_NOT_FIT'],
  [1366, 'DATA_DOES_NOT_FIT'],
  [1292, 'DATA_DOES_NOT_FIT'],
  [1118, 'DATA_DOES_NOT_FIT'],
  [1213, 'BUSY'],
  [1205, 'BUSY'],
  [1461, 'BUSY'],
  [1969, 'TIMEOUT'],
  [3024, 'TIMEOUT'],
  [1045, 'CONFIG'],
  [1044, 'CONFIG'],
  [1049, 'CONFIG'],
  [1142, 'CONFIG'],
  [1227, 'CONFIG'],
  // A Galera node that is not part of the primary component (or still joining) refuses every query.
  [1047, 'CONNECTION'],
  [1040, 'CONNECTION'],
  [1053, 'CONNECTION'],
  [1129, 'CONNECTION'],
  [1927, 'CONNECTION'],
  [2006, 'CONNECTION'],
  [2013, 'CONNECTION'],
  [4031, 'CONNECTION'],
]);

/** mysql2's own wait for an answer (its per-query `timeout` option) ran out. */
const TIMEOUT_CODES = new Set(['PROTOCOL_SEQUENCE_TIMEOUT']);

/**
 * Error numbers that report an operating system error while writing a file (EE_WRITE, ER_ERROR_ON_WRITE,
 * ER_GET_ERRNO, ER_TEMP_FILE_WRITE_FAILURE): out of space when that error is 28 (ENOSPC).
 */
const FILE_WRITE_ERRNOS = new Set([3, 1026, 1030, 1878]);
const NO_SPACE = /errno: 28\b|Errcode: 28\b|error 28\b|No space left/i;

function codeOf(fields: DriverErrorFields): GatewayDbErrorCode {
  const { errno, code, message } = fields;
  if (errno !== undefined && FILE_WRITE_ERRNOS.has(errno) && NO_SPACE.test(message)) return 'STORAGE_FULL';
  const byErrno = errno !== undefined ? CODE_BY_ERRNO.get(errno) : undefined;
  if (byErrno) return byErrno;
  if (code && TIMEOUT_CODES.has(code)) return 'TIMEOUT';
  if (code && CONNECTION_CODES.has(code)) return 'CONNECTION';
  return /closed state|Pool is closed/i.test(message) ? 'CONNECTION' : 'QUERY';
}

function quoted(pattern: RegExp, text: string): string | undefined {
  return pattern.exec(text)?.[1];
}

function describe(
  code: GatewayDbErrorCode,
  errno: number | undefined,
  text: string,
  context: MysqlErrorContext,
): string {
  const table = statementTable(context.sql);
  const server = context.server ?? 'the MySQL server';
  switch (errno) {
    case 1062:
    case 1586:
    case 1022: {
      // "Duplicate entry '<value>' for key '<key>'": only the key name after the last quote pair is read.
      const key = quoted(/for key '([^']*)'\s*$/, text);
      return `Duplicate value for unique key ${key ?? '(unknown)'}${onTable(table)}`;
    }
    case 1451:
      return `The row is still referenced by a foreign key${onTable(table)}; delete or update the referencing rows first`;
    case 1452:
      return `A foreign key${onTable(table)} points to a row that does not exist`;
    case 1048:
    case 1364:
      return `Column ${quoted(/(?:Column|Field) '([^']*)'/, text) ?? '(unknown)'}${onTable(table)} needs a value`;
    case 1406:
    case 1264:
    case 1265:
    case 1366:
      return `A value is too long or out of range for column ${quoted(/column '([^']*)'/, text) ?? '(unknown)'}${onTable(table)}`;
    case 1153:
      return `A statement${onTable(table)} is larger than the server's max_allowed_packet; raise max_allowed_packet or write smaller rows`;
    case 1114: {
      // "The table '<name>' is full": a table name, never a value.
      const full = quoted(/table '([^']*)'/i, text) ?? table;
      return (
        `Table ${full ?? '(unknown)'} is full on ${server}: the server's disk, its InnoDB tablespace or the table's ` +
        'size limit has no room left and nothing was written; free disk space on the server (or grow the ' +
        'tablespace or limit), then retry'
      );
    }
    case 1021:
      return `The disk of ${server} is full and nothing was written${onTable(table)}; free disk space on the server, then retry`;
    case 1461:
      return (
        `${server} holds as many prepared statements as its max_prepared_stmt_count allows (all its clients ` +
        'together); retry, lower MYSQL_MAX_PREPARED_STATEMENTS on the gateways or raise max_prepared_stmt_count'
      );
    case 1045:
      return `${server} refused the login of user '${context.user ?? '?'}': check MYSQL_USER and MYSQL_PASSWORD (or MYSQL_URL)`;
    case 1044:
    case 1142:
      return `User '${context.user ?? '?'}' lacks a privilege on database '${context.database ?? '?'}': grant it or use another MYSQL_USER`;
    case 1049:
      return `Database '${context.database ?? '?'}' does not exist on ${server} and could not be created`;
    case 1047:
      return (
        `${server} is not ready for queries (a Galera node outside the cluster's primary component, or still ` +
        'joining) and did not run the statement; retry: with several hosts in MYSQL_HOST/MYSQL_URL the next one is used'
      );
  }
  if (code === 'CONNECTION') {
    return `Cannot reach or lost the connection to ${server}: check MYSQL_HOST/MYSQL_PORT and that the server runs`;
  }
  if (code === 'BUSY') return `The statement${onTable(table)} hit a deadlock or lock wait timeout; retry it`;
  if (code === 'STORAGE_FULL') {
    return `${server} cannot write a file: its disk is full (errno 28) and nothing was written${onTable(table)}; free disk space on the server, then retry`;
  }
  if (code === 'TIMEOUT') {
    return `The statement${onTable(table)} got no answer from ${server} in time; retry, or look for a stopped or overloaded server`;
  }
  return `MySQL error ${errno ?? '(no number)'}${onTable(table)}`;
}

export function mapMysqlError(wrapped: unknown, context: MysqlErrorContext = {}): GatewayDbError {
  const error = unwrapDrizzleError(wrapped);
  if (error instanceof GatewayDbError) return error;
  const fields = driverErrorFields(error);
  const code = codeOf(fields);
  const keepMessage = fields.errno === undefined ? true : !MESSAGE_QUOTES_VALUES.has(fields.errno);
  return new GatewayDbError({
    code,
    message: describe(code, fields.errno, fields.message, context),
    cause: sanitizedCause(fields, keepMessage),
  });
}
