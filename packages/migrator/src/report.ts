/** The migration report: per table rows, checksums, bytes, seconds; the pre-flight findings; the outcome. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describeFinding, type Finding } from './findings.js';

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
}

export interface MigrationReport {
  ok: boolean;
  readonly mode: MigrationMode;
  readonly from: string;
  readonly to: string;
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
  if (report.backupPath) lines.push(`backup: ${report.backupPath}`);
  if (report.error) lines.push(`error (${report.error.code}): ${report.error.message}`);
  return lines.join('\n');
}
