/**
 * The machine-readable part of a log event: a stable `code` and a few named fields. Every key here names
 * something about the schema or the run (a table, a row id, an error code, a count, a duration), never a value:
 * there is deliberately no free-form key a row's content, a bound parameter or a secret could travel in.
 * docs/observability.md lists the codes with their level and fields.
 */
import type { GatewayDbErrorCode } from './errors.js';

/** Every code gateway-db and the migrator log with. Renaming one breaks an operator's alert: add, never rename. */
export type LogEventCode =
  // The log writer (api_requests rows written in the background).
  | 'log_writer.repaired'
  | 'log_writer.rejected'
  | 'log_writer.buffer_full'
  | 'log_writer.dropped'
  | 'log_writer.retrying'
  | 'log_writer.lost'
  // Statements, stores and replicas.
  | 'slow_query'
  | 'store.opened'
  | 'store.connection_failed'
  | 'read_worker.stopped'
  | 'replica.up'
  | 'replica.lagging'
  | 'replica.down'
  | 'replica.connection_failed'
  // Schema migrations gateway-db applies at start.
  | 'migration.applied'
  | 'migration.changed'
  | 'migration.adopted'
  // Dashboard rollups of earlier rows.
  | 'rollup_backfill.started'
  | 'rollup_backfill.completed'
  | 'rollup_backfill.failed'
  // The migrator (legacy gateway.db import, `[Migration]` lines).
  | 'migration.started'
  | 'migration.finding'
  | 'migration.note'
  | 'migration.completed'
  | 'migration.interrupted'
  | 'migration.failed'
  | 'migration.skipped'
  | 'migration.restarting'
  | 'migration.progress'
  | 'migration.backed_up'
  // The legacy file at gateway start-up (before the migrator's own lines).
  | 'legacy_import.not_found'
  | 'legacy_import.skipped'
  | 'legacy_import.found';

export interface LogFields {
  readonly code: LogEventCode;
  /** A table name (schema, or a legacy file's table as the migrator found it). */
  readonly table?: string;
  /** The id of the one row concerned; never its other columns. */
  readonly rowId?: string;
  /** Column names concerned (e.g. those repaired), never their values. */
  readonly columns?: readonly string[];
  /** The GatewayDbError code of the failure reported. */
  readonly errorCode?: GatewayDbErrorCode;
  /** Rows (or findings, statements) concerned. */
  readonly count?: number;
  readonly bytes?: number;
  readonly durationMs?: number;
  /** How far a read replica is behind its primary (an upper bound). */
  readonly lagMs?: number;
  /** A sub-kind: the statement kind of a slow query, the kind of a migrator finding. */
  readonly kind?: string;
  /** A read replica as `host:port/database` (as db.health() names it: never a password). */
  readonly replica?: string;
  /** A schema migration's tag. */
  readonly migration?: string;
  readonly dialect?: 'sqlite' | 'mysql';
}

type FieldType = 'string' | 'number' | 'strings';

/** The keys a logger writes out, with their type: anything else a caller passes (e.g. from plain JS) is dropped. */
const ALLOWED: Readonly<Record<keyof LogFields, FieldType>> = {
  code: 'string',
  table: 'string',
  rowId: 'string',
  columns: 'strings',
  errorCode: 'string',
  count: 'number',
  bytes: 'number',
  durationMs: 'number',
  lagMs: 'number',
  kind: 'string',
  replica: 'string',
  migration: 'string',
  dialect: 'string',
};

function fits(value: unknown, type: FieldType): boolean {
  if (type === 'strings') return Array.isArray(value) && value.every((item) => typeof item === 'string');
  return typeof value === type;
}

/**
 * The allowed fields of `fields` in a fixed order, each of the right type. Loggers write this, not `fields`
 * itself: TypeScript stops an extra key in an object literal, this stops it everywhere else.
 */
export function pickLogFields(fields: LogFields | undefined): Record<string, string | number | readonly string[]> {
  const picked: Record<string, string | number | readonly string[]> = {};
  if (fields === undefined) return picked;
  for (const [key, type] of Object.entries(ALLOWED)) {
    const value: unknown = (fields as unknown as Record<string, unknown>)[key];
    if (fits(value, type)) picked[key] = value as string | number | readonly string[];
  }
  return picked;
}
