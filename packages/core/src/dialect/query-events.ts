/**
 * What an operator may watch of the statements gateway-db runs: one event per statement with its kind, the table it
 * names first and how long it took, never its text or values (they may hold keys and request bodies). Only
 * installed when asked for (`onQuery`, `slowQueryMs`): without it, statements run as before.
 */
import { type GatewayDbErrorCode, isGatewayDbError } from '../errors.js';
import { withOverrides } from './executor-overrides.js';
import type { RawRow, SqlExecutor, SqlValue } from './sql-executor.js';

export type QueryKind = 'select' | 'insert' | 'update' | 'delete' | 'other';

export interface QueryEvent {
  readonly kind: QueryKind;
  /** The table the statement names first (`FROM`, `INTO`, `UPDATE`), when it names one. */
  readonly table?: string;
  readonly durationMs: number;
  readonly ok: boolean;
  /** The GatewayDbError code of a failed statement. */
  readonly errorCode?: GatewayDbErrorCode;
  /** Inside a transaction (`db.transaction`, a log batch). */
  readonly inTransaction: boolean;
}

interface Shape {
  readonly kind: QueryKind;
  readonly table?: string;
}

const KINDS = new Set<QueryKind>(['select', 'insert', 'update', 'delete']);
const FIRST_WORD = /^[\s(]*(\w+)/;
const TABLE = /\b(?:from|into|update)\s+[`"]?([\w$]+)/i;
/** Statements are few and repeated: their shape is read once (the cache is emptied when it grows past this). */
const SHAPES_KEPT = 1_000;
const shapes = new Map<string, Shape>();

export function shapeOf(sql: string): Shape {
  let shape = shapes.get(sql);
  if (shape) return shape;
  const word = FIRST_WORD.exec(sql)?.[1]?.toLowerCase();
  const kind: QueryKind = word === 'with' ? 'select' : KINDS.has(word as QueryKind) ? (word as QueryKind) : 'other';
  const table = TABLE.exec(sql)?.[1];
  shape = table === undefined ? { kind } : { kind, table };
  if (shapes.size >= SHAPES_KEPT) shapes.clear();
  shapes.set(sql, shape);
  return shape;
}

/** An executor that reports each statement it runs (and those of its transactions) to `observe`. */
export function observingQueries<E extends SqlExecutor>(
  executor: E,
  observe: (event: QueryEvent) => void,
  inTransaction = false,
): E {
  const timed = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      const result = await run();
      report(sql, started, undefined);
      return result;
    } catch (error) {
      report(sql, started, error);
      throw error;
    }
  };
  const report = (sql: string, started: number, error: unknown) => {
    const event: QueryEvent = {
      ...shapeOf(sql),
      durationMs: performance.now() - started,
      ok: error === undefined,
      ...(error === undefined ? {} : { errorCode: isGatewayDbError(error) ? error.code : 'QUERY' }),
      inTransaction,
    };
    try {
      observe(event);
    } catch {
      // An observer's own failure must not fail the statement it watched.
    }
  };
  const overrides: Partial<SqlExecutor> = {
    all: (sql: string, params?: readonly SqlValue[]) => timed(sql, () => executor.all(sql, params)),
    get: (sql: string, params?: readonly SqlValue[]) => timed(sql, () => executor.get(sql, params)),
    values: (sql: string, params?: readonly SqlValue[]) => timed(sql, () => executor.values(sql, params)),
    run: (sql: string, params?: readonly SqlValue[]) => timed(sql, () => executor.run(sql, params)),
    prepareGet: <T>(sql: string, decode: (raw: RawRow) => T) => {
      const prepared = executor.prepareGet(sql, decode);
      return (params: readonly SqlValue[]) => timed(sql, () => prepared(params));
    },
    transaction: <T>(fn: (tx: SqlExecutor) => Promise<T>) =>
      executor.transaction((tx) => fn(observingQueries(tx, observe, true))),
  };
  return withOverrides(executor, overrides);
}
