/**
 * The one error class of gateway-db. Callers branch on `code`, never on message text. Messages name the table,
 * column or row id when known and never carry secrets, SQL values or bound parameters: the driver's own error is
 * kept as `cause` only after its value-bearing fields were removed (see dialect/driver-error.ts).
 */
export type GatewayDbErrorCode =
  /** The configuration is invalid or names something that cannot be used (e.g. the legacy file as the store). */
  | 'CONFIG'
  /** The database cannot be reached, refused the login, or the connection was lost. Retrying may help. */
  | 'CONNECTION'
  /** A unique or primary key already holds the value. */
  | 'CONFLICT'
  /** The row to change does not exist (for operations where absence is a failure, not `undefined`). */
  | 'NOT_FOUND'
  /** A value is too long or too large for its column or the packet limit (SQLite: also a full disk). */
  | 'DATA_DOES_NOT_FIT'
  /** A foreign key, NOT NULL or CHECK constraint refused the write. */
  | 'CONSTRAINT'
  /**
   * The database is locked by someone else (SQLITE_BUSY, a MySQL deadlock or lock wait), or a resource the server
   * shares between all its clients is used up for now (MySQL's max_prepared_stmt_count). Retrying may help.
   */
  | 'BUSY'
  /**
   * The database did not answer within the configured bound (MySQL: a statement within MYSQL_STATEMENT_TIMEOUT_MS,
   * a free pooled connection within MYSQL_ACQUIRE_TIMEOUT_MS). The connection was closed, never reused; the
   * statement may or may not have taken effect. Retrying may help.
   */
  | 'TIMEOUT'
  /**
   * The database server has no room left (MySQL: its disk, tablespace or a table's size limit) and wrote nothing.
   * The message says what is full; retrying succeeds once space is freed.
   */
  | 'STORAGE_FULL'
  /** A schema migration failed or the migration lock could not be taken. */
  | 'MIGRATION'
  /** The legacy gateway.db file cannot be read or imported. */
  | 'LEGACY_FILE'
  /** A migration's copy does not match its source (counts or checksums differ). */
  | 'VERIFY_FAILED'
  /** The api_requests log buffer is full; the row was not kept. */
  | 'BUFFER_FULL'
  /** The store (or the log writer) was already closed. */
  | 'CLOSED'
  /** A long operation was asked to stop (the migrator on Ctrl-C or SIGTERM) and stopped where it can continue. */
  | 'INTERRUPTED'
  /** Any other failure of a statement. */
  | 'QUERY';

export interface GatewayDbErrorOptions {
  readonly code: GatewayDbErrorCode;
  readonly message: string;
  readonly cause?: unknown;
}

/** Marks every GatewayDbError, whichever copy of this module made it (Symbol.for: one symbol per process). */
const GATEWAY_DB_ERROR = Symbol.for('gateway-db.GatewayDbError');

/** `value instanceof cls` by the brand `mark`, for the class itself; its subclasses keep the prototype check. */
export function brandedInstanceOf(cls: object, self: object, mark: symbol, value: unknown): boolean {
  if (self !== cls) return Function.prototype[Symbol.hasInstance].call(self, value);
  return typeof value === 'object' && value !== null && mark in value;
}

export class GatewayDbError extends Error {
  readonly code: GatewayDbErrorCode;

  constructor({ code, message, cause }: GatewayDbErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'GatewayDbError';
    this.code = code;
    Object.defineProperty(this, GATEWAY_DB_ERROR, { value: true });
  }

  /**
   * A process can load two copies of this class: the ESM build (`import`) and the CommonJS one (`require`, e.g. by
   * a CJS dependency of the gateway). An error made by one must still be a GatewayDbError to the other, or a
   * CONNECTION error would not look retryable and the log writer would give up on rows it should keep.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class `instanceof` asks about, maybe a subclass.
    return brandedInstanceOf(GatewayDbError, this, GATEWAY_DB_ERROR, value);
  }
}

export function isGatewayDbError(error: unknown, code?: GatewayDbErrorCode): error is GatewayDbError {
  return error instanceof GatewayDbError && (code === undefined || error.code === code);
}

const RETRYABLE: ReadonlySet<GatewayDbErrorCode> = new Set<GatewayDbErrorCode>([
  'CONNECTION',
  'BUSY',
  'TIMEOUT',
  'STORAGE_FULL',
]);

/** Codes after which the same statement may succeed later without any change to the data. */
export function isRetryable(error: unknown): error is GatewayDbError {
  return isGatewayDbError(error) && RETRYABLE.has(error.code);
}
