/**
 * The fields of the migrator's `[Migration]` log events. A finding gives its table, column and how many rows it
 * covers, never the row ids' values beyond the count nor any cell: findings are about legacy rows that may hold
 * keys and passwords.
 */
import type { LogFields } from '@gateway-db/core';
import type { Finding } from './findings.js';
import type { MigrationReport } from './report.js';

export function findingFields(finding: Finding): LogFields {
  return {
    code: 'migration.finding',
    kind: finding.kind,
    table: finding.table,
    ...(finding.column === undefined ? {} : { columns: [finding.column] }),
    count: finding.count,
  };
}

/** A finished run (migrate, dry run or verify-only): its mode, rows and time so far. */
export function completedFields(report: MigrationReport): LogFields {
  return {
    code: 'migration.completed',
    kind: report.mode,
    count: report.totalRows,
    durationMs: Math.max(0, Date.now() - Date.parse(report.startedAt)),
  };
}
