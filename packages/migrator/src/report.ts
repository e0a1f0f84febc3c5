/** The migration report: per table rows, checksums, bytes, seconds; the pre-flight findings; the outcome. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeFinding, type Finding } from './findings.js';
import { formatBytes, formatDuration } from './progress-line.js';
import type { StorePart } from './store-parts.js';

export type MigrationMode = 'migrate' | 'dry-run' | 'verify-only';

export interface TableReport {
  readonly table: string;
  readonly sourceRows: number;
  /** Undefined in a dry run. */
  targetRows?: number;
  readonly sourceChecksum: string;
  targetChecksum?: string;
  match?: boolean;
  firstDifference?: string;
  /** UTF-8 bytes of the canonical values copied. */
  readonly bytes: number;
  /** Seconds spent copying this table (0 when skipped or in a dry run). */
  seconds: number;
  /** Rows this run wrote (a resumed run: only the rest of the table). Undefined when the copy did not reach it. */
  copiedRows?: number;
  /** Rows a resumed run found already copied by the interrupted one, and kept. */
  resumedRows?: number;
}

export interface MigrationReport {
  ok: boolean;
  readonly mode: MigrationMode;
  /** The source; with split stores (`logFrom`) both, e.g. `mysql://u@h:3306/main, request logs: mysql://...`. */
  readonly from: string;
  /** The target; with split stores (`logTo`) both, named like `from`. Never a password. */
  readonly to: string;
  /** Split stores only: each part's source and target (`config`: every table but the logs; `logs`). */
  parts?: { readonly part: StorePart; readonly from: string; readonly to: string }[];
  readonly startedAt: string;
  finishedAt?: string;
  seconds?: number;
  tables: TableReport[];
  totalRows: number;
  findings: Finding[];
  /** What the run did about the target's previous state (fresh, started over, resumed, replaced). */
  notes: string[];
  backupPath?: string;
  /** True when `onlyIfEmpty` found data in the target and nothing was done. */
  skipped?: boolean;
  error?: { readonly code: string; readonly message: string };
  /**
   * Set when the run was stopped on request (INTERRUPTED): true when the target keeps what was copied and the same
   * command with `--resume` continues it, false when nothing was written yet.
   */
  resumable?: boolean;
}

export function writeReport(path: string, report: MigrationReport): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** A short human-readable rendering for the CLI and the demo. */
export function formatReport(report: MigrationReport): string {
  const lines = [`${report.mode} ${report.from} -> ${report.to}: ${report.ok ? 'OK' : 'FAILED'}`];
  const header = ['table', 'source rows', 'target rows', 'source checksum', 'target checksum', 'bytes', 'seconds'];
  const rows = report.tables.map((t) => [
    t.table,
    String(t.sourceRows),
    t.targetRows === undefined ? '-' : String(t.targetRows),
    t.sourceChecksum.slice(0, 12),
    t.targetChecksum?.slice(0, 12) ?? '-',
    String(t.bytes),
    t.seconds.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const row of [header, ...rows]) lines.push(row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  '));
  for (const finding of report.findings.filter((f) => f.severity !== 'info')) {
    lines.push(`${finding.severity}: ${describeFinding(finding)}`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  lines.push(totalsLine(report));
  if (report.backupPath) lines.push(`backup: ${report.backupPath}`);
  if (report.error) lines.push(`error (${report.error.code}): ${report.error.message}`);
  return lines.join('\n');
}

/** `total: 11 tables, 40215 rows, 61.2 MB; copied by this run: 20215 rows (20000 kept from the interrupted run); 12.3 s` */
function totalsLine(report: MigrationReport): string {
  const bytes = report.tables.reduce((sum, t) => sum + t.bytes, 0);
  const copied = report.tables.reduce((sum, t) => sum + (t.copiedRows ?? 0), 0);
  const kept = report.tables.reduce((sum, t) => sum + (t.resumedRows ?? 0), 0);
  const anyCopied = report.tables.some((t) => t.copiedRows !== undefined);
  const parts = [`total: ${report.tables.length} tables, ${report.totalRows} rows, ${formatBytes(bytes)}`];
  if (anyCopied)
    parts.push(`copied by this run: ${copied} rows${kept > 0 ? ` (${kept} kept from the interrupted run)` : ''}`);
  if (report.seconds !== undefined)
    parts.push(`elapsed ${formatDuration(report.seconds)} (${report.seconds.toFixed(1)} s)`);
  return parts.join('; ');
}
