/**
 * The buffered writer behind `apiRequests.create`: `enqueue` only copies the row into memory; rows are written in
 * multi-row INSERTs when a batch is full (rows or bytes) or `flushIntervalMs` after they arrived, by an `unref`ed
 * timer, and on `flush()`/`close()`.
 *
 * - Each batch is one transaction with what it adds to the dashboard rollups (log-writer-batch.ts): rows are
 *   counted exactly once, a retried batch never twice.
 * - A batch the database refuses is split in halves until the bad row(s) are alone: each is reported (row id and
 *   error code, never values) and left out (not counted); every other row is written.
 * - When the database is unreachable or busy (CONNECTION/BUSY), rows stay buffered and are retried with
 *   exponential backoff (`retryDelayMs` doubling up to `maxRetryDelayMs`).
 * - Memory is bounded by `maxBufferedRows` and `maxBufferedBytes`. When full, the NEW row is dropped (the older
 *   rows are closer to being written), counted in `stats().dropped` and reported ('buffer-full', then 'dropped').
 * - What a `kill -9` loses: the rows in memory, i.e. those of the last `flushIntervalMs` (1 s by default) plus,
 *   while the database is down, everything buffered (at most the bounds above). `close()` writes them first.
 */

import { AsyncResource } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { SqlExecutor } from '@gateway-db/core/dialect/sql-executor.js';
import { GatewayDbError, type GatewayDbErrorCode, isRetryable } from '@gateway-db/core/errors.js';
import type { NewApiRequest } from '@gateway-db/schema';
import { apiRequests } from '@gateway-db/schema/sqlite';
import { BatchInterrupted, type BatchTarget, writeBatch } from './log-writer-batch.js';
import {
  type ApiRequestLogWriterOptions,
  type LogWriterReport,
  type LogWriterStats,
  type ResolvedLogWriterOptions,
  resolveLogWriterOptions,
} from './log-writer-options.js';
import { type BufferedRow, encodeRow, insertStatements } from './log-writer-rows.js';
import { createOrmContext } from './orm/orm-context.js';
import { storableLogRow } from './repositories/log-row-repair.js';

export type { ApiRequestLogWriterOptions, LogWriterReport, LogWriterStats } from './log-writer-options.js';

/** A random id for this writer's rollup rows (`w` + 16 hex digits). */
function newWriterId(): string {
  return `w${randomBytes(8).toString('hex')}`;
}

function codeOf(error: unknown): GatewayDbErrorCode {
  return error instanceof GatewayDbError ? error.code : 'QUERY';
}

export class ApiRequestLogWriter {
  private readonly options: ResolvedLogWriterOptions;
  private readonly report: (report: LogWriterReport) => void;
  private buffer: BufferedRow[] = [];
  private bufferedBytes = 0;
  private counts = { written: 0, rejected: 0, repaired: 0, dropped: 0, lost: 0 };
  private droppedSinceReport = 0;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = 0;
  private retryDelay = 0;
  private retryAt = 0;
  private closed = false;
  /**
   * The async context the writer was created in. Background flushes run there, not in the context of whichever
   * caller's enqueue() started them: a row enqueued inside a transaction callback must not make the flush look
   * like part of that transaction (the SQLite executor would refuse it as a self-deadlock).
   */
  private readonly home = new AsyncResource('ApiRequestLogWriter');

  private readonly target: BatchTarget;

  constructor(executor: SqlExecutor, options: ApiRequestLogWriterOptions = {}) {
    const ctx = createOrmContext(executor);
    // Each writer adds to its own rollup rows: two gateways on one MySQL (or two Galera nodes) never update the
    // same rollup row, so they never wait for each other or deadlock on one.
    this.target = { ctx, insertSql: insertStatements(ctx), writerId: newWriterId(), recordedModels: new Set() };
    this.options = resolveLogWriterOptions(options);
    this.report = options.onReport ?? (() => undefined);
  }

  /**
   * Buffers one row; never touches the database. A row that does not fit in the buffer is dropped (see above).
   * A value that does not fit its column is normalised and text with lone UTF-16 surrogates is stored with U+FFFD
   * (both counted as `repaired`, reported with the column names), never refused: see log-row-repair.ts.
   */
  enqueue<T extends NewApiRequest>(row: T): T {
    const repaired = storableLogRow(apiRequests, row);
    const { repairedColumns } = repaired;
    // Stored rows are counted in the rollups by this writer, in the same transaction.
    const storable = { ...repaired.row, rolled_up: true };
    const buffered = encodeRow(storable);
    if (buffered.bytes > this.options.maxRowBytes) {
      this.rejectTooLarge(buffered);
      return storable;
    }
    const full =
      this.buffer.length >= this.options.maxBufferedRows ||
      (this.buffer.length > 0 && this.bufferedBytes + buffered.bytes > this.options.maxBufferedBytes);
    if (this.closed || full) {
      this.drop();
      return storable;
    }
    this.buffer.push(buffered);
    this.bufferedBytes += buffered.bytes;
    if (repairedColumns.length > 0) {
      this.counts.repaired++;
      this.report({ kind: 'repaired', rowId: buffered.id, columns: repairedColumns });
    }
    const batchReady =
      this.buffer.length >= this.options.maxBatchRows || this.bufferedBytes >= this.options.maxBatchBytes;
    if (batchReady && Date.now() >= this.retryAt) this.flushInBackground();
    else this.schedule(Math.max(this.options.flushIntervalMs, this.retryAt - Date.now()));
    return storable;
  }

  /** Writes every row buffered now. Rejects (rows kept) when the database is unreachable or busy. */
  async flush(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    await this.run(this.buffer.length);
  }

  /**
   * Flushes, then stops: rows enqueued later are dropped. While the database is unreachable or busy the flush is
   * tried again, with the usual growing delays, until `flushTimeoutMs` have passed (default 0: one attempt); rows
   * that could not be written by then are reported as lost.
   */
  async close(flushTimeoutMs = 0): Promise<void> {
    this.closed = true;
    this.clearTimer();
    const deadline = Date.now() + flushTimeoutMs;
    try {
      for (;;) {
        try {
          await this.flush();
          return;
        } catch (error) {
          const wait = Math.max(0, this.retryAt - Date.now());
          if (!isRetryable(error) || Date.now() + wait >= deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      }
    } catch (error) {
      const count = this.buffer.length;
      this.counts.lost += count;
      this.buffer = [];
      this.bufferedBytes = 0;
      this.report({ kind: 'lost', count, code: codeOf(error) });
      throw error;
    }
  }

  stats(): LogWriterStats {
    return { buffered: this.buffer.length, bufferedBytes: this.bufferedBytes, ...this.counts };
  }

  private rejectTooLarge(row: BufferedRow): void {
    this.counts.rejected++;
    const message = `Row of about ${row.bytes} bytes is larger than the ${this.options.maxRowBytes} bytes a statement may hold`;
    this.report({ kind: 'rejected', rowId: row.id, code: 'DATA_DOES_NOT_FIT', message });
  }

  private drop(): void {
    this.counts.dropped++;
    if (this.droppedSinceReport++ === 0) {
      this.report({ kind: 'buffer-full', bufferedRows: this.buffer.length, bufferedBytes: this.bufferedBytes });
    }
  }

  private flushInBackground(): void {
    if (this.running) return;
    // Failures are reported (and rows kept) by run(); nobody awaits a background flush.
    this.home.runInAsyncScope(() => this.run(this.buffer.length)).catch(() => undefined);
  }

  /** Writes the first `count` buffered rows, batch by batch; only one run at a time. */
  private run(count: number): Promise<void> {
    const running = this.writeFront(count).finally(() => {
      this.running = undefined;
      this.afterRun();
    });
    this.running = running;
    return running;
  }

  private async writeFront(count: number): Promise<void> {
    let remaining = count;
    while (remaining > 0 && this.buffer.length > 0) {
      const batch = this.takeBatch(remaining);
      remaining -= batch.length;
      try {
        const outcome = await writeBatch(this.target, batch);
        // Rows an interrupted attempt had stored after all were written (once) by this writer.
        this.counts.written += outcome.written + outcome.alreadyStored;
        for (const { row, code, message } of outcome.rejected) {
          this.counts.rejected++;
          this.report({ kind: 'rejected', rowId: row.id, code, message });
        }
      } catch (error) {
        if (!(error instanceof BatchInterrupted)) throw error;
        this.buffer = error.unwritten.concat(this.buffer);
        for (const row of error.unwritten) this.bufferedBytes += row.bytes;
        this.retryDelay = Math.min(
          this.options.maxRetryDelayMs,
          this.retryDelay ? this.retryDelay * 2 : this.options.retryDelayMs,
        );
        this.retryAt = Date.now() + this.retryDelay;
        this.report({
          kind: 'retrying',
          code: error.error.code,
          bufferedRows: this.buffer.length,
          retryInMs: this.retryDelay,
        });
        throw error.error;
      }
      // On SQLite each batch holds the event loop while it runs: let proxied requests (and timers) in between
      // batches instead of writing the whole buffer in one go.
      if (remaining > 0 && this.buffer.length > 0) await yieldToLoop();
    }
    this.retryDelay = 0;
    this.retryAt = 0;
    if (this.droppedSinceReport > 0 && this.buffer.length < this.options.maxBufferedRows) {
      this.report({ kind: 'dropped', count: this.droppedSinceReport });
      this.droppedSinceReport = 0;
    }
  }

  /** Removes up to `limit` rows from the front, within the batch row and byte budgets (at least one row). */
  private takeBatch(limit: number): BufferedRow[] {
    let rows = 0;
    let bytes = 0;
    const max = Math.min(limit, this.options.maxBatchRows);
    while (rows < max && rows < this.buffer.length) {
      const next = this.buffer[rows]?.bytes ?? 0;
      if (rows > 0 && bytes + next > this.options.maxBatchBytes) break;
      bytes += next;
      rows++;
    }
    this.bufferedBytes -= bytes;
    return this.buffer.splice(0, rows);
  }

  /** After a run: start the next one if a full batch waits, else make sure the timer covers what is left. */
  private afterRun(): void {
    if (this.closed || this.buffer.length === 0) return;
    const wait = Math.max(0, this.retryAt - Date.now());
    const batchReady =
      this.buffer.length >= this.options.maxBatchRows || this.bufferedBytes >= this.options.maxBatchBytes;
    this.schedule(batchReady && wait === 0 ? 0 : Math.max(wait, batchReady ? 0 : this.options.flushIntervalMs));
  }

  /** Makes sure a flush starts within `ms` (an earlier timer is kept). */
  private schedule(ms: number): void {
    if (this.closed) return;
    const due = Date.now() + ms;
    if (this.timer && this.timerDue <= due) return;
    this.clearTimer();
    this.timerDue = due;
    this.timer = this.home.runInAsyncScope(() =>
      setTimeout(() => {
        this.timer = undefined;
        this.flushInBackground();
      }, ms),
    );
    // A pending log flush must not keep the process alive; close() writes what is left.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
