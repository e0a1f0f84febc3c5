/**
 * Progress of the three passes. On a terminal: one live bar redrawn in place (progress-line.ts) with rows, bytes,
 * rate and ETA (stderr). Elsewhere: the log lines of the legacy guide, `[Migration] 迁移进度: users (100/100)`, at
 * most every `intervalMs` per table and at its end.
 */
import type { Logger } from './logger.js';
import { type Phase, progressLine } from './progress-line.js';

export type { Phase } from './progress-line.js';

export interface ProgressListener {
  phaseStarted(phase: Phase, totalRows: number): void;
  /** `alreadyDone`: rows of the table a resumed copy finds in place (counted in `totalRows`, not in the phase). */
  tableStarted(phase: Phase, table: string, totalRows: number, alreadyDone?: number): void;
  /** `bytes`: UTF-8 bytes of the values of those rows, when the phase counts them. */
  rowsDone(phase: Phase, table: string, rows: number, bytes?: number): void;
  tableDone(phase: Phase, table: string): void;
  phaseDone(phase: Phase): void;
}

/** Non-TTY: `[Migration] 迁移进度: users (100/100)` lines for the copy pass. */
export function logProgress(logger: Logger, intervalMs = 2000): ProgressListener {
  let table = '';
  let tableTotal = 0;
  let tableDone = 0;
  let lastLine = Date.now();
  const line = () =>
    logger.info(`迁移进度: ${table} (${tableDone}/${tableTotal})`, {
      code: 'migration.progress',
      table,
      count: tableDone,
    });
  return {
    phaseStarted() {},
    tableStarted(_phase, name, total, alreadyDone = 0) {
      table = name;
      tableTotal = total;
      tableDone = alreadyDone;
    },
    rowsDone(phase, _table, rows) {
      tableDone += rows;
      if (phase === 'copy' && tableDone < tableTotal && Date.now() - lastLine >= intervalMs) {
        lastLine = Date.now();
        line();
      }
    },
    tableDone(phase) {
      if (phase === 'copy') line();
    },
    phaseDone() {},
  };
}

/** What a terminal stream offers the bar: a width that may change (resize) and `write`. */
export interface BarStream {
  readonly columns?: number;
  write(text: string): unknown;
}

/**
 * TTY: a bar redrawn in place, at most 10 times a second: `\r`, the line (never wider than the terminal minus
 * one column), then "erase to the end of the line" instead of padding, so a shorter line leaves nothing behind.
 * The only newline is written when the phase ends.
 */
export function barProgress(stream: BarStream = process.stderr, now: () => number = Date.now): ProgressListener {
  let phase: Phase = 'preflight';
  let table = '';
  let rowsDone = 0;
  let rowsTotal = 0;
  let bytesDone: number | undefined;
  let startedAt = now();
  let lastDraw = 0;
  const draw = (force = false) => {
    const at = now();
    if (!force && at - lastDraw < 100) return;
    lastDraw = at;
    const line = progressLine(
      { phase, table, rowsDone, rowsTotal, bytesDone, elapsedMs: at - startedAt },
      stream.columns ?? 80,
    );
    stream.write(`\r${line}\x1b[K`);
  };
  return {
    phaseStarted(p, total) {
      phase = p;
      table = '';
      rowsDone = 0;
      rowsTotal = total;
      bytesDone = undefined;
      startedAt = now();
      draw(true);
    },
    tableStarted(_p, name) {
      table = name;
      draw();
    },
    rowsDone(_p, _table, rows, bytes) {
      rowsDone += rows;
      if (bytes !== undefined) bytesDone = (bytesDone ?? 0) + bytes;
      draw();
    },
    tableDone() {
      draw();
    },
    phaseDone() {
      draw(true);
      stream.write('\n');
    },
  };
}
