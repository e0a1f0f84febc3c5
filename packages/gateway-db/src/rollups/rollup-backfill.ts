/**
 * Runs the rollup backfill in the background until every row is rolled up: step after step (rollup-backfill-
 * batch.ts), yielding to the event loop between steps (on SQLite each step holds it, so steps stay small), backing
 * off on retryable errors. The gateway serves from the start: until the backfill completes, dashboards read the
 * rows it has not reached yet raw (rollup-parts.ts), so their answers are right, only slower.
 */
import { GatewayDbError, isRetryable } from '@gateway-db/core/errors.js';
import type { GatewayDbLogger } from '@gateway-db/core/logger.js';
import type { OrmContext } from '../orm/orm-context.js';
import { backfillStep } from './rollup-backfill-batch.js';
import { readRollupState } from './rollup-state.js';

export interface RollupBackfillOptions {
  /** Start it when the store opens (default true); otherwise it runs only when `backfillRollups()` is called. */
  readonly automatic?: boolean;
  /** Rows per step (one transaction); default 250 on SQLite (each step holds the event loop), 1,000 on MySQL. */
  readonly batchRows?: number;
  /** First wait after a retryable error, doubled up to 30 s; default 1 s. */
  readonly retryDelayMs?: number;
}

export interface RollupStatus {
  /** Every logged request is in the rollups: dashboards read raw rows only at the edges of their range. */
  readonly complete: boolean;
  /** Rows created at or after this are rolled up (null: not started, or complete). */
  readonly backfilledFrom: number | null;
  /** Whether this process is backfilling right now. */
  readonly running: boolean;
  /** Why this process's last run stopped before completing (a non-retryable error), if it did. */
  readonly lastError?: string;
}

const MAX_RETRY_DELAY_MS = 30_000;

export class RollupBackfill {
  private running: Promise<RunOutcome> | undefined;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  /** Callers awaiting `runToCompletion()`: while there are any, the retry timer keeps the process alive. */
  private awaiting = 0;
  private lastError: string | undefined;

  constructor(
    private readonly ctx: OrmContext,
    private readonly logger: GatewayDbLogger,
    private readonly options: RollupBackfillOptions = {},
  ) {}

  /** Starts the background run (no-op when one is running). */
  start(): void {
    if (this.running || this.stopped) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
  }

  /**
   * Runs until complete; resolves then. Rejects when a step fails with an error retrying cannot help, or when the
   * store is closed first: a caller that awaited it may rely on the rollups being complete.
   */
  async runToCompletion(): Promise<void> {
    this.start();
    this.awaiting++;
    this.timer?.ref();
    try {
      const outcome = await (this.running ?? Promise.resolve<RunOutcome>({ kind: 'stopped' }));
      if (outcome.kind === 'failed') throw outcome.error;
      if (outcome.kind === 'stopped') {
        throw new GatewayDbError({
          code: 'CLOSED',
          message:
            'the dashboard rollup backfill stopped because the store was closed; call backfillRollups() again after opening it',
        });
      }
    } finally {
      this.awaiting--;
      if (this.awaiting === 0) this.timer?.unref();
    }
  }

  async status(): Promise<RollupStatus> {
    const state = await readRollupState(this.ctx);
    return {
      complete: state.complete,
      backfilledFrom: state.backfilledFrom,
      running: this.running !== undefined,
      ...(this.lastError === undefined ? {} : { lastError: this.lastError }),
    };
  }

  /** Stops after the current step (which commits or rolls back as a whole). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<RunOutcome> {
    const batchRows = Math.max(1, Math.trunc(this.options.batchRows ?? 1000));
    const firstDelay = this.options.retryDelayMs ?? 1000;
    let delay = 0;
    let total = 0;
    let announced = false;
    const startedAt = performance.now();
    this.lastError = undefined;
    while (!this.stopped) {
      try {
        const step = await backfillStep(this.ctx, batchRows);
        delay = 0;
        total += step.rolledUp;
        if (step.rolledUp > 0 && !announced) {
          announced = true;
          this.logger.info('rolling up earlier api_requests rows for the dashboards (in the background)', {
            code: 'rollup_backfill.started',
            table: 'api_requests',
          });
        }
        if (step.complete) {
          if (announced) {
            this.logger.info(`dashboard rollups complete: ${total} earlier rows rolled up`, {
              code: 'rollup_backfill.completed',
              table: 'api_requests',
              count: total,
              durationMs: Math.round(performance.now() - startedAt),
            });
          }
          return { kind: 'complete' };
        }
        await new Promise((resolve) => setImmediate(resolve));
      } catch (error) {
        if (!isRetryable(error)) {
          const message = error instanceof Error ? error.message : 'unknown error';
          this.lastError = message;
          this.logger.error(`dashboard rollup backfill stopped: ${message}; dashboards stay exact but slower`, {
            code: 'rollup_backfill.failed',
            table: 'api_requests',
            count: total,
            ...(error instanceof GatewayDbError ? { errorCode: error.code } : {}),
          });
          return { kind: 'failed', error };
        }
        delay = Math.min(MAX_RETRY_DELAY_MS, delay ? delay * 2 : firstDelay);
        await this.sleep(delay);
      }
    }
    return { kind: 'stopped' };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        resolve();
      }, ms);
      // The automatic background run must not keep a finished process alive; an awaited one must (or a process
      // awaiting `backfillRollups()` would exit mid-run with its promise unsettled).
      if (this.awaiting === 0) this.timer.unref();
    });
  }
}

type RunOutcome =
  | { readonly kind: 'complete' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly error: unknown };
