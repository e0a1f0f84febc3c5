/**
 * One batch of the log writer into the database: power-of-two chunks (few distinct statements), and a chunk the
 * database refuses is halved until each refused row stands alone; such a row is handed to `onRejected` and
 * skipped, so every other row is written. A retryable failure (CONNECTION/BUSY) stops the batch and hands back the
 * rows not yet written.
 */
import type { SqlExecutor } from '@gateway-db/core/dialect/sql-executor.js';
import { GatewayDbError, type GatewayDbErrorCode, isRetryable } from '@gateway-db/core/errors.js';
import { type BufferedRow, insertParams, powerOfTwoChunks } from './log-writer-rows.js';

/** Where a batch goes: the executor, the INSERT text for n rows, and whether many distinct texts are cheap. */
export interface BatchTarget {
  readonly executor: SqlExecutor;
  readonly insertSql: (count: number) => string;
  readonly cheapDistinctStatements: boolean;
}

/**
 * A batch stopped by a retryable error; `unwritten` rows must go back to the front of the buffer, and the
 * `written` rows of the chunks before the failure were stored (they count as written).
 */
export class BatchInterrupted extends Error {
  constructor(
    readonly error: GatewayDbError,
    readonly unwritten: BufferedRow[],
    readonly written: number,
  ) {
    super(error.message);
  }
}

export interface RejectedRow {
  readonly row: BufferedRow;
  readonly code: GatewayDbErrorCode;
  /** A GatewayDbError message: names table/column, never values. */
  readonly message: string;
}

/**
 * Writes `batch`; returns how many rows were written. Throws BatchInterrupted on a retryable error.
 * Where distinct statements are cheap (SQLite: prepared in-process) the batch is ONE statement, so a flush is one
 * commit: fewer pages and WAL bytes written per flush. On MySQL each statement size is a server-side prepared
 * statement per connection, so sizes are powers of two (a handful of statements; a flush may be a few commits).
 */
export async function writeBatch(
  target: BatchTarget,
  batch: readonly BufferedRow[],
  onRejected: (rejected: RejectedRow) => void,
): Promise<number> {
  const chunks = target.cheapDistinctStatements ? [[...batch]] : powerOfTwoChunks(batch);
  return writeChunks(target, chunks, onRejected);
}

async function writeChunks(
  { executor, insertSql }: BatchTarget,
  chunks: BufferedRow[][],
  onRejected: (rejected: RejectedRow) => void,
): Promise<number> {
  let written = 0;
  const work = chunks.reverse();
  for (let chunk = work.pop(); chunk; chunk = work.pop()) {
    try {
      await executor.run(insertSql(chunk.length), insertParams(chunk));
      written += chunk.length;
    } catch (error) {
      if (isRetryable(error)) throw new BatchInterrupted(error, chunk.concat(...work.reverse()), written);
      const [only] = chunk;
      if (chunk.length === 1 && only) {
        const code = error instanceof GatewayDbError ? error.code : 'QUERY';
        onRejected({ row: only, code, message: error instanceof Error ? error.message : 'unknown error' });
        continue;
      }
      const half = Math.ceil(chunk.length / 2);
      work.push(chunk.slice(half), chunk.slice(0, half));
    }
  }
  return written;
}
