/**
 * The terminal bar: one line redrawn in place, never as wide as the terminal (a line that wraps makes every `\r`
 * redraw print a new line), with the CJK labels counted as two columns each.
 */
import { describe, expect, it } from 'vitest';
import { barProgress } from '../src/progress.js';
import { formatBytes, formatDuration, type ProgressSnapshot, progressLine } from '../src/progress-line.js';
import { displayWidth, truncateToWidth } from '../src/text-width.js';

const snapshot = (over: Partial<ProgressSnapshot> = {}): ProgressSnapshot => ({
  phase: 'copy',
  table: 'api_requests',
  rowsDone: 123_456,
  rowsTotal: 1_000_000,
  bytesDone: 512 * 1024 * 1024,
  elapsedMs: 9_000,
  ...over,
});

describe('display width', () => {
  it('counts CJK and fullwidth characters as two columns, combining marks as none', () => {
    expect(displayWidth('迁移')).toBe(4);
    expect(displayWidth('[Migration] 预检 校验')).toBe(11 + 1 + 4 + 1 + 4);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('abc')).toBe(3);
  });

  it('never cuts a wide character in half', () => {
    expect(truncateToWidth('迁移进度', 5)).toBe('迁移');
    expect(truncateToWidth('a迁移', 2)).toBe('a');
  });
});

describe('the progress line', () => {
  const widths = [1, 2, 5, 10, 12, 20, 24, 30, 40, 50, 60, 79, 80, 100, 120, 200];

  it.each(['preflight', 'copy', 'verify'] as const)(
    'is never wider than columns - 1 in the %s phase, whatever the terminal width',
    (phase) => {
      for (const columns of widths) {
        for (const table of ['', 'users', 'expert_routing_logs', '表名很长的一个中文表名字']) {
          const line = progressLine(snapshot({ phase, table }), columns);
          expect(displayWidth(line), `${columns} columns, table '${table}': ${line}`).toBeLessThanOrEqual(
            Math.max(1, columns - 1),
          );
          expect(line).not.toMatch(/[\r\n]/);
        }
      }
    },
  );

  it('shows the phase label, the bar, rows, bytes, rate and ETA on a wide terminal', () => {
    const line = progressLine(snapshot(), 160);
    expect(line).toMatch(
      /^\[Migration\] 迁移 \[#+\.+\] 12% api_requests 123456\/1000000 rows 512\.0 MB 13717 rows\/s ETA /,
    );
    expect(line).toContain('ETA 1m04s');
  });

  it('drops the prefix and the table name first on a narrow terminal, keeping the label, bar and percentage', () => {
    const line = progressLine(snapshot(), 40);
    expect(line).not.toContain('[Migration]');
    expect(line).toMatch(/^迁移 \[[#.]+\] 12%/);
    expect(displayWidth(line)).toBeLessThanOrEqual(39);
  });

  it('says nothing about bytes when the phase does not count them', () => {
    expect(progressLine(snapshot({ bytesDone: undefined }), 160)).not.toMatch(/B /);
  });

  it('formats sizes and durations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatDuration(59)).toBe('59s');
    expect(formatDuration(3599)).toBe('59m59s');
    expect(formatDuration(7260)).toBe('2h01m');
  });
});

describe('the bar on a terminal', () => {
  function fakeTerminal(columns: number) {
    const writes: string[] = [];
    return { stream: { columns, write: (text: string) => writes.push(text) }, writes };
  }

  it('redraws in place and writes its only newline when the phase ends', () => {
    for (const columns of [20, 33, 80]) {
      const { stream, writes } = fakeTerminal(columns);
      let clock = 0;
      const bar = barProgress(stream, () => clock);
      bar.phaseStarted('verify', 10_000);
      bar.tableStarted('verify', '中文表名', 10_000);
      for (let i = 0; i < 40; i++) {
        clock += 150;
        bar.rowsDone('verify', '中文表名', 250, 4096);
      }
      const beforeEnd = writes.join('');
      expect(beforeEnd).not.toContain('\n');
      for (const write of writes) {
        expect(write.startsWith('\r')).toBe(true);
        // What is visible: without the `\r` and the erase-to-end-of-line sequence.
        const visible = write.slice(1).replace('\x1b[K', '');
        expect(displayWidth(visible)).toBeLessThanOrEqual(columns - 1);
      }
      bar.phaseDone('verify');
      expect(writes.at(-1)).toBe('\n');
      expect(writes.join('').split('\n')).toHaveLength(2);
    }
  });

  it('shows the rows of the pre-flight and verify phases as they are read', () => {
    const { stream, writes } = fakeTerminal(200);
    let clock = 0;
    const bar = barProgress(stream, () => clock);
    bar.phaseStarted('preflight', 1000);
    bar.tableStarted('preflight', 'users', 1000);
    clock += 200;
    bar.rowsDone('preflight', 'users', 500, 2048);
    expect(writes.at(-1)).toMatch(/预检 \[#+\.+\] 50% users 500\/1000 rows 2\.0 KB/);
  });
});
