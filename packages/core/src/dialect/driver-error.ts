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
