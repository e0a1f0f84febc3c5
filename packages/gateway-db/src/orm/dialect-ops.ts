/**
 * What really differs between the two dialects, as one small object per dialect (sqlite-ops.ts, mysql-ops.ts).
 * Repositories are written once and ask this object; they never test `dialect`.
 */
import type { NewSystemConfig } from '@gateway-db/schema';
import type { Column, SQL, SQLWrapper } from 'drizzle-orm';
import type { RollupDelta } from '../rollups/rollup-delta.js';

export interface DialectOps {
  /**
   * Whether many distinct statement texts cost nothing to keep prepared (SQLite: in-process). False on MySQL,
   * where each is a server-side prepared statement per connection, so batch sizes are kept to a few.
   */
  readonly cheapDistinctStatements: boolean;
  /**
   * Whether every secondary index also holds the row's `id`: InnoDB's end with the primary key, so stepping over
   * rows by (created_at, id) reads only the created_at index; SQLite's end with the rowid, so each row's `id` is
   * read from the table.
   */
  readonly indexesHoldId: boolean;
  /** Rows changed by an awaited update or delete (the result shapes differ per driver). */
  affectedRows(result: unknown): number;
  /** Byte-exact equality with a value: MySQL's collation would fold case and ignore trailing spaces. */
  exactEquals(column: Column, value: string): SQL;
  /**
   * The column as a byte-exact value for GROUP BY and the select list (MySQL's collation would group `GPT-4o`
   * with `gpt-4o`). MySQL returns it as a Buffer: decode with `toText`.
   */
  exactGroupKey(column: Column): SQL<unknown>;
  /**
   * GROUP BY keys for a long binary id (provider ids may hold up to 3,072 bytes) that group exactly like the id:
   * MariaDB builds a temporary table keyed on the whole column on disk (slow, and the kind of temporary table
   * the issue saw fail), so there an id of at most 200 bytes groups as itself, a longer one as its sha256, and its
   * length keeps the two kinds apart. SQLite groups by the id itself.
   */
  shortGroupKeys(id: SQLWrapper): SQL<unknown>[];
  /** Integer division rounding down (UTC epoch buckets); the divisor is a constant, written into the SQL. */
  intDiv(column: SQLWrapper, divisor: number): SQL<number>;
  /** sha256 (hex) of a text column's UTF-8 bytes: the rollups' model key, computed in SQL for raw rows. */
  modelKeyOf(column: Column): SQL<string | null>;
  /**
   * How raw rows group by their model: `groupBy`, keys that group at least as finely as the model's bytes, and
   * `key`, each group's model key (modelKeyOf), valid in the select list of that grouping (an aggregate on MySQL).
   * Both hash once per group instead of once per row (a 7,000-row edge of getModelStats on MariaDB: 22 -> 14 ms).
   * MySQL groups a model of at most 200 bytes by its bytes and a longer one by its sha256 (the length keeps the
   * two apart): never by the LONGTEXT itself. SQLite groups by the model.
   */
  modelGroup(column: Column): { key: SQL<string | null>; groupBy: SQL<unknown>[] };
  /** Inserts or replaces a system_config row by key; `description` is kept when `updateDescription` is false. */
  upsertSystemConfig(row: NewSystemConfig, updateDescription: boolean): Promise<void>;
  /**
   * Deletes at most `limit` api_requests rows created before `cutoff` that are already counted in the rollups
   * (rows still waiting for the backfill stay); returns how many it deleted.
   */
  deleteApiRequestsBefore(cutoff: number, limit: number): Promise<number>;
  /** Deletes at most `limit` rollup rows of hours before `cutoff`; returns how many it deleted. */
  deleteRollupsBefore(cutoff: number, limit: number): Promise<number>;
  /** Adds a delta to the rollups (counters summed into existing rows) and records its model strings. */
  addToRollups(delta: RollupDelta): Promise<void>;
}
