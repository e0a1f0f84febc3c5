/**
 * Maps better-sqlite3 errors to GatewayDbError. SQLite's messages name tables and columns
 * ("UNIQUE constraint failed: virtual_keys.key_value") but never bound values, so they may be kept.
 */
import { GatewayDbError, type GatewayDbErrorCode } from '../../errors.js';
import { driverErrorFields, onTable, sanitizedCause, statementTable, unwrapDrizzleError } from '../driver-error.js';

function codeOf(sqliteCode: string): GatewayDbErrorCode {
  if (sqliteCode === 'SQLITE_CONSTRAINT_UNIQUE' || sqliteCode === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'CONFLICT';
  if (sqliteCode.startsWith('SQLITE_CONSTRAINT')) return 'CONSTRAINT';
  // A full disk is the storage's state, not the row's: retryable, so buffered log rows are kept, not dropped.
  if (sqliteCode === 'SQLITE_FULL') return 'STORAGE_FULL';
  if (sqliteCode === 'SQLITE_TOOBIG') return 'DATA_DOES_NOT_FIT';
  if (sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED')) return 'BUSY';
  if (/^SQLITE_(CANTOPEN|PERM|READONLY|NOTADB|CORRUPT|AUTH)/.test(sqliteCode)) return 'CONFIG';
  if (sqliteCode.startsWith('SQLITE_IOERR')) return 'CONNECTION';
  return 'QUERY';
}

function describe(code: GatewayDbErrorCode, sqliteCode: string, text: string, table: string | undefined): string {
  const target = /constraint failed: (.+)$/.exec(text)?.[1];
  switch (code) {
    case 'CONFLICT':
      return `Duplicate value for unique key ${target ?? '(unknown)'}${target ? '' : onTable(table)}`;
    case 'CONSTRAINT':
      return `${text}${onTable(table)}`;
    case 'STORAGE_FULL':
      return 'The disk holding the SQLite file is full: free space there (buffered log rows are kept and retried)';
    case 'DATA_DOES_NOT_FIT':
      return `A value is larger than SQLite's limit${onTable(table)}`;
    case 'BUSY':
      return `The SQLite file is locked by another connection (${sqliteCode}); retry, or raise busy_timeout`;
    case 'CONFIG':
      return `The SQLite file cannot be used (${sqliteCode}): check SQLITE_PATH, that it is a SQLite 3 file and its permissions`;
    case 'CONNECTION':
      return `Disk I/O error on the SQLite file (${sqliteCode})`;
    default:
      return `SQLite error ${sqliteCode}${onTable(table)}: ${text}`;
  }
}

export function mapSqliteError(wrapped: unknown, sql?: string): GatewayDbError {
  const error = unwrapDrizzleError(wrapped);
  if (error instanceof GatewayDbError) return error;
  const fields = driverErrorFields(error);
  const sqliteCode = fields.code ?? 'SQLITE_ERROR';
  const code = codeOf(sqliteCode);
  return new GatewayDbError({
    code,
    message: describe(code, sqliteCode, fields.message, statementTable(sql)),
    cause: sanitizedCause(fields, true),
  });
}
