/**
 * The migrator's errors are GatewayDbErrors (one error class, one code union from core) that also carry the
 * report of the failed run; callers branch on `code`. Messages name the
 * table, column and row id when known and never a value, a secret or a bound parameter (a legacy row may hold API
 * keys and password hashes). Driver errors are classified by core's mappings, the same as gateway-db's.
 */
import {
  GatewayDbError,
  type GatewayDbErrorCode,
  isGatewayDbError,
  mapMysqlError,
  mapSqliteError,
} from '@gateway-db/core';
import { driverErrorFields } from '@gateway-db/core/dialect/driver-error.js';
import { brandedInstanceOf } from '@gateway-db/core/errors.js';
import type { MigrationReport } from './report.js';

/**
 * gateway-db's codes, as the migrator uses them: `CONFIG` a bad option or endpoint; `CONNECTION` the database
 * cannot be reached or the connection was lost (re-running resumes or starts over cleanly); `CONFLICT` the target
 * already holds data and neither `resume` nor `replace` was given, or another import runs; `LEGACY_FILE` the
 * legacy file is missing, truncated, not SQLite, or holds tables/columns the schema does not know;
 * `DATA_DOES_NOT_FIT` the pre-flight pass found values the target cannot hold exactly (or the disk is full);
 * `QUERY` (and the other driver classes) a statement of the copy failed: the target keeps an in-progress marker
 * and re-running cleans up. Plus `VERIFY_FAILED`: after the copy, counts or checksums differ.
 */
export type MigrationErrorCode = GatewayDbErrorCode;

export interface MigrationErrorOptions {
  readonly code: MigrationErrorCode;
  readonly message: string;
  readonly cause?: unknown;
}

const MIGRATION_ERROR = Symbol.for('gateway-db.MigrationError');

export class MigrationError extends GatewayDbError {
  /** Set by `migrate()`: the report of the failed run (findings, tables done so far). */
  report?: MigrationReport;

  constructor(options: MigrationErrorOptions) {
    super(options);
    this.name = 'MigrationError';
    Object.defineProperty(this, MIGRATION_ERROR, { value: true });
  }

  /** As GatewayDbError's: the ESM and CommonJS builds' MigrationErrors are one class to `instanceof`. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about, maybe a subclass.
    return brandedInstanceOf(MigrationError, this, MIGRATION_ERROR, value);
  }
}

export function isMigrationError(error: unknown, code?: MigrationErrorCode): error is MigrationError {
  return error instanceof MigrationError && (code === undefined || error.code === code);
}

/** A driver error's codes only (`SQLITE_FULL`, `ER_DUP_ENTRY (errno 1062)`): its message may quote a row. */
function driverCodes(error: unknown): string {
  const { code, errno } = driverErrorFields(error);
  return errno === undefined ? (code ?? 'ERROR') : `${code ?? 'ERROR'} (errno ${errno})`;
}

/**
 * Any failure as a MigrationError naming `what` failed. A GatewayDbError of core (a connection core opened) keeps
 * its code and its value-free message; a driver error gets the code core's mapping gives it, its codes in the
 * message, and only core's sanitized copy as `cause`.
 */
export function wrapDriverError(error: unknown, what: string): MigrationError {
  if (error instanceof MigrationError) return error;
  if (isGatewayDbError(error))
    return new MigrationError({ code: error.code, message: `${what} failed: ${error.message}`, cause: error });
  const isSqlite = driverErrorFields(error).code?.startsWith('SQLITE_') === true;
  const mapped = isSqlite ? mapSqliteError(error) : mapMysqlError(error);
  return new MigrationError({
    code: mapped.code,
    message: `${what} failed: ${driverCodes(error)}`,
    cause: mapped.cause,
  });
}
