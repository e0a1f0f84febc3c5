/**
 * Progress of the three passes. On a terminal: one live bar with rows/s and ETA (stderr). Elsewhere: the log
 * lines of the legacy guide, `[Migration] 迁移进度: users (100/100)`, at most every 2 s per table and at its end.
 */
import { LOG_PREFIX, type Logger } from './logger.js';

export type Phase = 'preflight' | 'copy' | 'verify';

export interface ProgressListener {
  phaseStarted(phase: Phase, totalRows: number): void;
  tableStarted(phase: Phase, table: string, totalRows: number): void;
  rowsDone(phase: Phase, table: string, rows: number): void;
  tableDone(phase: Phase, table: string): void;
  phaseDone(phase: Phase): void;
}

const PHASE_LABEL: Record<Phase, string> = { preflight: '预检', copy: '迁移', verify: '校验' };

interface Counter {
  table: string;
  tableTotal: number;
  tableDone: number;
  phaseTotal: number;
  phaseDone: number;
  startedAt: number;
}

function newCounter(): Counter {
  return { table: '', tableTotal: 0, tableDone: 0, phaseTotal: 0, phaseDone: 0, startedAt: Date.now() };
}

/** Non-TTY: `[Migration] 迁移进度: users (100/100)` lines for the copy pass. */
export function logProgress(logger: Logger, intervalMs = 2000): ProgressListener {
  const c = newCounter();
  let lastLine = Date.now();
  const line = () => logger.info(`迁移进度: ${c.table} (${c.tableDone}/${c.tableTotal})`);
  return {
    phaseStarted() {},
    tableStarted(_phase, table, total) {
      Object.assign(c, { table, tableTotal: total, tableDone: 0 });
    },
    rowsDone(phase, _table, rows) {
      c.tableDone += rows;
      if (phase === 'copy' && c.tableDone < c.tableTotal && Date.now() - lastLine >= intervalMs) {
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

/** TTY: a bar redrawn in place, at most 10 times a second. */
export function barProgress(stream: NodeJS.WriteStream = process.stderr): ProgressListener {
  const c = newCounter();
  let phase: Phase = 'preflight';
  let lastDraw = 0;
  const draw = (force = false) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const ratio = c.phaseTotal > 0 ? Math.min(1, c.phaseDone / c.phaseTotal) : 1;
    const width = 24;
    const filled = Math.round(ratio * width);
    const seconds = Math.max(0.001, (now - c.startedAt) / 1000);
    const rate = c.phaseDone / seconds;
    const eta = rate > 0 ? Math.ceil((c.phaseTotal - c.phaseDone) / rate) : 0;
    const text =
      `${LOG_PREFIX} ${PHASE_LABEL[phase]} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0)}% ` +
      `${c.table} ${c.phaseDone}/${c.phaseTotal} rows ${Math.round(rate)} rows/s ETA ${eta}s`;
    stream.write(`\r${text.padEnd(stream.columns ? stream.columns - 1 : 100).slice(0, (stream.columns ?? 101) - 1)}`);
  };
  return {
    phaseStarted(p, total) {
      phase = p;
      Object.assign(c, newCounter(), { phaseTotal: total });
      draw(true);
    },
    tableStarted(_p, table, total) {
      Object.assign(c, { table, tableTotal: total, tableDone: 0 });
      draw();
    },
    rowsDone(_p, _table, rows) {
      c.tableDone += rows;
      c.phaseDone += rows;
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
