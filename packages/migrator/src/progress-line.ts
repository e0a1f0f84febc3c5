/**
 * The text of the terminal progress bar, as a pure function of what was done and how wide the terminal is, so
 * its width can be tested without a terminal. The line never takes more than `columns - 1` columns (CJK counted
 * as two, text-width.ts): a line as wide as the terminal wraps on some terminals, and a wrapped line makes every
 * `\r` redraw print a new line (the 225 lines per run of issue 12). When the terminal is narrow, the least useful
 * parts go first: the `[Migration]` prefix, the table name, bytes, rate, row counts, ETA, then the bar shrinks.
 */
import { LOG_PREFIX } from './logger.js';
import { displayWidth, truncateToWidth } from './text-width.js';

export type Phase = 'preflight' | 'copy' | 'verify';

export const PHASE_LABEL: Record<Phase, string> = { preflight: '预检', copy: '迁移', verify: '校验' };

export interface ProgressSnapshot {
  readonly phase: Phase;
  /** The table being read or written ('' before the first). */
  readonly table: string;
  readonly rowsDone: number;
  /** Rows the phase will handle in all (0 when unknown). */
  readonly rowsTotal: number;
  /** Bytes of the values handled so far, or undefined when the phase does not count them. */
  readonly bytesDone: number | undefined;
  readonly elapsedMs: number;
}

const BAR_MIN = 6;
const BAR_MAX = 30;

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

interface Part {
  readonly text: string;
  /** Parts with a higher number are dropped first when the line does not fit. */
  readonly dropOrder: number;
}

function parts(s: ProgressSnapshot): { head: Part[]; tail: Part[] } {
  const seconds = Math.max(0.001, s.elapsedMs / 1000);
  const rate = s.rowsDone / seconds;
  const left = Math.max(0, s.rowsTotal - s.rowsDone);
  const eta = rate > 0 ? formatDuration(left / rate) : '--';
  const head: Part[] = [
    { text: LOG_PREFIX, dropOrder: 7 },
    { text: PHASE_LABEL[s.phase], dropOrder: 0 },
  ];
  const tail: Part[] = [
    { text: `${percent(s)}%`, dropOrder: 0 },
    ...(s.table ? [{ text: s.table, dropOrder: 6 }] : []),
    { text: `${s.rowsDone}/${s.rowsTotal} rows`, dropOrder: 3 },
    ...(s.bytesDone !== undefined ? [{ text: formatBytes(s.bytesDone), dropOrder: 5 }] : []),
    { text: `${Math.round(rate)} rows/s`, dropOrder: 4 },
    { text: `ETA ${eta}`, dropOrder: 2 },
  ];
  return { head, tail };
}

function percent(s: ProgressSnapshot): number {
  if (s.rowsTotal <= 0) return s.rowsDone > 0 ? 100 : 0;
  return Math.min(100, Math.floor((s.rowsDone / s.rowsTotal) * 100));
}

function bar(s: ProgressSnapshot, width: number): string {
  const ratio = s.rowsTotal > 0 ? Math.min(1, s.rowsDone / s.rowsTotal) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** One line of at most `columns - 1` terminal columns (and never a newline). */
export function progressLine(s: ProgressSnapshot, columns: number): string {
  const budget = Math.max(1, Math.floor(columns) - 1);
  const { head, tail } = parts(s);
  let kept = [...head, ...tail];
  // Drop parts, least useful first, until the rest fits with at least the smallest bar.
  for (let order = 7; order >= 1; order--) {
    const width = displayWidth(kept.map((p) => p.text).join(' ')) + 1 + BAR_MIN + 2;
    if (width <= budget) break;
    kept = kept.filter((p) => p.dropOrder !== order);
  }
  const before = kept.filter((p) => head.includes(p)).map((p) => p.text);
  const after = kept.filter((p) => tail.includes(p)).map((p) => p.text);
  const fixed = displayWidth([...before, ...after].join(' ')) + 1;
  const barWidth = Math.min(BAR_MAX, budget - fixed - 2);
  const line =
    barWidth >= BAR_MIN ? [...before, bar(s, barWidth), ...after].join(' ') : [...before, ...after].join(' ');
  return truncateToWidth(line, budget);
}
