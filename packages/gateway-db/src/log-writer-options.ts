/** Options and reports of the api_requests log writer (see log-writer.ts for the behaviour). */
import type { GatewayDbErrorCode } from '@gateway-db/core/errors.js';

export interface ApiRequestLogWriterOptions {
  /** Rows per INSERT statement at most. Default 512 (createGatewayDb: 256 on SQLite, where a batch holds the event loop). */
  readonly maxBatchRows?: number;
  /**
   * Estimated bytes per INSERT at most; keep it well under MySQL's `max_allowed_packet` (16 MiB by default on
   * MariaDB 10.11 and 64 MiB on MySQL 8.0). Reaching it also starts a flush. Default 4 MiB. A single row larger
   * than this is written alone.
   */
  readonly maxBatchBytes?: number;
  /**
   * Rows estimated larger than this are not sent (the server would refuse them, and MySQL drops the connection
   * on an oversized packet): they are reported as rejected with DATA_DOES_NOT_FIT. Default: no limit
   * (createGatewayDb sets it from MySQL's max_allowed_packet).
   */
  readonly maxRowBytes?: number;
  /** A flush starts at most this many ms after a row is buffered. Default 1000. */
  readonly flushIntervalMs?: number;
  /** Rows kept in memory at most (while the database is slow or down); rows beyond are dropped. Default 20,000. */
  readonly maxBufferedRows?: number;
  /** Estimated bytes kept in memory at most; rows beyond are dropped. Default 64 MiB. */
  readonly maxBufferedBytes?: number;
  /** Wait (ms) before the first retry when the database is unreachable or busy; doubles each time. Default 500. */
  readonly retryDelayMs?: number;
  /** The longest wait (ms) between retries. Default 30,000. */
  readonly maxRetryDelayMs?: number;
  /** Receives every problem; reports carry row ids, counts and codes, never row content. Default: the logger. */
  readonly onReport?: (report: LogWriterReport) => void;
}

export type LogWriterReport =
  /** The row held text UTF-8 cannot store (lone UTF-16 surrogates): it is written with U+FFFD in those columns. */
  | { readonly kind: 'repaired'; readonly rowId: string; readonly columns: readonly string[] }
  /** The database refused this row (e.g. a duplicate id): it was left out, every other row written. */
  | { readonly kind: 'rejected'; readonly rowId: string; readonly code: GatewayDbErrorCode; readonly message: string }
  /** The buffer reached its bound (or the writer is closed): new rows are being dropped. */
  | { readonly kind: 'buffer-full'; readonly bufferedRows: number; readonly bufferedBytes: number }
  /** How many rows were dropped while the buffer was full, reported once space is back. */
  | { readonly kind: 'dropped'; readonly count: number }
  /** A flush failed on a CONNECTION or BUSY error: rows stay buffered and are retried after `retryInMs`. */
  | {
      readonly kind: 'retrying';
      readonly code: GatewayDbErrorCode;
      readonly bufferedRows: number;
      readonly retryInMs: number;
    }
  /** close() could not write these rows: they are gone. */
  | { readonly kind: 'lost'; readonly count: number; readonly code: GatewayDbErrorCode };

export interface LogWriterStats {
  /** Rows waiting in memory now. */
  readonly buffered: number;
  readonly bufferedBytes: number;
  /** Rows written since start. */
  readonly written: number;
  /** Rows the database refused (isolated and reported). */
  readonly rejected: number;
  /** Rows accepted with U+FFFD in place of lone UTF-16 surrogates (see `repaired` reports). */
  readonly repaired: number;
  /** Rows not accepted because the buffer was full or the writer closed. */
  readonly dropped: number;
  /** Rows given up at close() because the database stayed unreachable. */
  readonly lost: number;
}

export interface ResolvedLogWriterOptions {
  readonly maxBatchRows: number;
  readonly maxBatchBytes: number;
  readonly flushIntervalMs: number;
  readonly maxRowBytes: number;
  readonly maxBufferedRows: number;
  readonly maxBufferedBytes: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
}

export function resolveLogWriterOptions(options: ApiRequestLogWriterOptions): ResolvedLogWriterOptions {
  return {
    maxBatchRows: Math.max(1, options.maxBatchRows ?? 512),
    maxBatchBytes: Math.max(1, options.maxBatchBytes ?? 4 * 1024 * 1024),
    flushIntervalMs: Math.max(1, options.flushIntervalMs ?? 1000),
    maxRowBytes: Math.max(1, options.maxRowBytes ?? Number.POSITIVE_INFINITY),
    maxBufferedRows: Math.max(1, options.maxBufferedRows ?? 20_000),
    maxBufferedBytes: Math.max(1, options.maxBufferedBytes ?? 64 * 1024 * 1024),
    retryDelayMs: Math.max(1, options.retryDelayMs ?? 500),
    maxRetryDelayMs: Math.max(1, options.maxRetryDelayMs ?? 30_000),
  };
}

/**
 * Batch and row limits that fit a server accepting statements of at most `maxStatementBytes` (MySQL's
 * `max_allowed_packet`): a batch uses at most a quarter of it, a row at most all of it but a 64 KiB margin for
 * the statement text and protocol overhead.
 */
export function limitsForStatementSize(
  maxStatementBytes: number | undefined,
): Pick<ApiRequestLogWriterOptions, 'maxBatchBytes' | 'maxRowBytes'> {
  if (maxStatementBytes === undefined) return {};
  return {
    maxBatchBytes: Math.min(4 * 1024 * 1024, Math.floor(maxStatementBytes / 4)),
    maxRowBytes: Math.max(1, maxStatementBytes - 64 * 1024),
  };
}
