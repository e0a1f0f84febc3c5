/**
 * The one error class of the migrator. Callers branch on `code`. Messages name the table, column and row id when
 * known and never a value, a secret or a bound parameter (a legacy row may hold API keys and password hashes).
 * The codes mirror gateway-db's `GatewayDbError` so a caller handles both the same way.
 */
import type { MigrationReport } from './report.js';

export type MigrationErrorCode =
  /** A bad option, endpoint or environment variable. */
  | 'CONFIG'
  /** The database cannot be reached or the connection was lost. Re-running resumes or starts over cleanly. */
  | 'CONNECTION'
  /** The target already holds data and neither `resume` nor `replace` was given; or another import runs. */
  | 'CONFLICT'
  /** The legacy file is missing, truncated, not SQLite, or holds tables/columns the schema does not know. */
  | 'LEGACY_FILE'
  /** The pre-flight pass found values the target cannot hold exactly (see the report's findings). */
  | 'DATA_DOES_NOT_FIT'
  /** After the copy, counts or checksums differ between source and target. */
  | 'VERIFY_FAILED'
  /** A statement of the copy failed (the target keeps an in-progress marker: re-running cleans up). */
  | 'QUERY';

export interface MigrationErrorOptions {
  readonly code: MigrationErrorCode;
  readonly message: string;
  readonly cause?: unknown;
}

export class MigrationError extends Error {
  readonly code: MigrationErrorCode;
  /** Set by `migrate()`: the report of the failed run (findings, tables done so far). */
  report?: MigrationReport;

  constructor({ code, message, cause }: MigrationErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'MigrationError';
    this.code = code;
  }
}

export function isMigrationError(error: unknown, code?: MigrationErrorCode): error is MigrationError {
  return error instanceof MigrationError && (code === undefined || error.code === code);
}

/** A driver error without its value-bearing fields (`sql`, `sqlMessage` may quote a row): code and errno only. */
export function driverErrorSummary(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown error';
  const e = error as { code?: unknown; errno?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'ERROR';
  return typeof e.errno === 'number' ? `${code} (errno ${e.errno})` : code;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST',
  'ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN',
]);

/** Wraps a driver error in a MigrationError naming `what` failed, keeping the driver error only as `cause`. */
export function wrapDriverError(error: unknown, what: string): MigrationError {
  if (error instanceof MigrationError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const isConnection = typeof code === 'string' && CONNECTION_CODES.has(code);
  return new MigrationError({
    code: isConnection ? 'CONNECTION' : 'QUERY',
    message: `${what} failed: ${driverErrorSummary(error)}`,
    cause: stripValues(error),
  });
}

/** A copy of a driver error without `sql`, `sqlMessage` and parameters, which may carry row values. */
function stripValues(error: unknown): unknown {
  if (!(error instanceof Error)) return undefined;
  const clean = new Error(driverErrorSummary(error));
  clean.name = error.name;
  return clean;
}
