/**
 * An in-memory stand-in for the database, for log writer tests that need exact control: it records every
 * INSERT into api_requests, can be "down" (CONNECTION) and refuses rows whose id is marked poison (CONSTRAINT).
 * The writer's other statements (its rollups, in the same transaction) succeed and are only counted. Rows written
 * in a transaction count only once it commits (a transaction that throws keeps none of them).
 */

import type { RawRow, SqlExecutor, SqlValue } from '@gateway-db/core/dialect/sql-executor.js';
import { GatewayDbError } from '@gateway-db/core/errors.js';
import { apiRequestsSpec } from '@gateway-db/schema';

const COLUMN_COUNT = Object.keys(apiRequestsSpec.columns).length;

export class FakeLogDatabase implements SqlExecutor {
  // MySQL's batching: power-of-two chunks, which the bisection tests count on.
  readonly dialect = 'mysql' as const;
  down = false;
  readonly poisonIds = new Set<string>();
  /** Ids written, in order. */
  readonly written: string[] = [];
  /** Rows per INSERT attempted (successful or not). */
  readonly attempts: number[] = [];
  readonly statements = new Set<string>();
  /** Statements other than the api_requests INSERTs (the rollups). */
  otherStatements = 0;
  /** The most statements issued before the first of them was answered. */
  maxInFlight = 0;
  private inFlight = 0;
  /** Where `run` puts the ids it wrote: `written`, or the open transaction's own list. */
  private staged: string[] = this.written;

  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // Answered a moment later, as over a connection: statements issued meanwhile are in flight together.
      await Promise.resolve();
      return this.answer(sql, params);
    } finally {
      this.inFlight--;
    }
  }

  private answer(sql: string, params: readonly SqlValue[]): { changes: number } {
    if (this.down) throw new GatewayDbError({ code: 'CONNECTION', message: 'Cannot reach the test database' });
    if (!sql.startsWith('insert into `api_requests`')) {
      this.otherStatements++;
      return { changes: 0 };
    }
    this.statements.add(sql);
    const ids: string[] = [];
    for (let i = 0; i < params.length; i += COLUMN_COUNT) ids.push(String(params[i]));
    this.attempts.push(ids.length);
    if (ids.some((id) => this.poisonIds.has(id))) {
      throw new GatewayDbError({
        code: 'CONSTRAINT',
        message: 'A foreign key on table api_requests points to a row that does not exist',
      });
    }
    this.staged.push(...ids);
    return { changes: ids.length };
  }

  async all(): Promise<RawRow[]> {
    return [];
  }

  prepareGet<T>(): () => Promise<T | undefined> {
    return async () => undefined;
  }

  async values(): Promise<unknown[][]> {
    return [];
  }

  async get(): Promise<RawRow | undefined> {
    return undefined;
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const staged: string[] = [];
    this.staged = staged;
    try {
      const result = await fn(this);
      this.written.push(...staged);
      return result;
    } finally {
      this.staged = this.written;
    }
  }

  async close(): Promise<void> {}
}
