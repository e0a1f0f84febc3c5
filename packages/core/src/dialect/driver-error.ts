/**
 * What of a driver error may travel on as `cause`. mysql2 errors carry `sql` (the statement text with values
 * interpolated for `query`) and `sqlMessage` (ER_DUP_ENTRY quotes the duplicate value, e.g. a virtual key), so the
 * original object is never kept: a fresh Error gets the codes and, only when it is known to be value-free, the
 * message.
 */
export interface DriverErrorFields {
  readonly code?: string;
  readonly errno?: number;
  readonly sqlState?: string;
  readonly message: string;
}

export function driverErrorFields(error: unknown): DriverErrorFields {
  if (typeof error !== 'object' || error === null) return { message: String(error) };
  const record = error as Record<string, unknown>;
  return {
    code: typeof record.code === 'string' ? record.code : undefined,
    errno: typeof record.errno === 'number' ? record.errno : undefined,
    sqlState: typeof record.sqlState === 'string' ? record.sqlState : undefined,
    message: typeof record.message === 'string' ? record.message : String(error),
  };
}

export const WITHHELD_MESSAGE = '(driver message withheld: it may quote row values)';

/** A value-free copy of a driver error, for `cause`. */
export function sanitizedCause(fields: DriverErrorFields, keepMessage: boolean): Error {
  const copy = new Error(keepMessage ? fields.message : WITHHELD_MESSAGE);
  copy.name = 'DriverError';
  Object.assign(copy, { code: fields.code, errno: fields.errno, sqlState: fields.sqlState });
  return copy;
}

const TABLE_OF_STATEMENT = /^\s*(?:INSERT\s+(?:IGNORE\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+`?([\w$]+)`?/i;

/** The table a write statement targets, read from the SQL text (never from values), for error messages. */
export function statementTable(sql: string | undefined): string | undefined {
  return sql ? TABLE_OF_STATEMENT.exec(sql)?.[1] : undefined;
}

export function onTable(table: string | undefined): string {
  return table ? ` on table ${table}` : '';
}

/**
 * The driver's error inside Drizzle's wrapper. Drizzle wraps a failed statement in a DrizzleQueryError whose
 * message lists the bound values; gateway-db's own clients switch that wrapping off (gateway-db/src/orm), but an
 * error that still arrives wrapped is classified by its `cause` and the wrapper (with its message) is dropped.
 */
export function unwrapDrizzleError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 3 && isDrizzleQueryError(current); depth++) {
    current = current.cause ?? new Error('Drizzle query failed');
  }
  return current;
}

/** Recognised by shape (core does not load drizzle-orm): its class name, and the query and params it keeps. */
function isDrizzleQueryError(error: unknown): error is Error & { cause?: unknown } {
  return (
    error instanceof Error &&
    error.constructor.name === 'DrizzleQueryError' &&
    typeof (error as { query?: unknown }).query === 'string' &&
    Array.isArray((error as { params?: unknown }).params)
  );
}
