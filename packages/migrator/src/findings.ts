/**
 * What the pre-flight pass found. Findings are grouped per (kind, table, column): a count and the first row ids,
 * never a value. `error` findings refuse the migration before the first write.
 */
export type FindingKind =
  | 'unknown-table'
  | 'unknown-column'
  | 'left-out'
  | 'missing-table'
  | 'missing-column'
  | 'does-not-fit'
  | 'not-null'
  | 'duplicate'
  | 'dangling-reference';

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly severity: Severity;
  readonly kind: FindingKind;
  readonly table: string;
  readonly column?: string;
  readonly reason: string;
  /** How many rows (or groups, for duplicates) this finding covers. */
  count: number;
  /** The first MAX_ROW_IDS row ids concerned. */
  readonly rowIds: string[];
}

export const MAX_ROW_IDS = 20;

export class FindingList {
  private readonly byKey = new Map<string, Finding>();

  add(finding: Omit<Finding, 'count' | 'rowIds'> & { count?: number; rowId?: string }): void {
    const key = `${finding.kind}|${finding.table}|${finding.column ?? ''}|${finding.reason}`;
    let entry = this.byKey.get(key);
    if (entry === undefined) {
      const { rowId: _rowId, count: _count, ...rest } = finding;
      entry = { ...rest, count: 0, rowIds: [] };
      this.byKey.set(key, entry);
    }
    entry.count += finding.count ?? 1;
    if (finding.rowId !== undefined && entry.rowIds.length < MAX_ROW_IDS) entry.rowIds.push(finding.rowId);
  }

  all(): Finding[] {
    return [...this.byKey.values()];
  }

  errors(): Finding[] {
    return this.all().filter((f) => f.severity === 'error');
  }
}

/** One line per finding: `users.username: NULL where the target forbids it (2 rows: a1, b2)`. */
export function describeFinding(finding: Finding): string {
  const where = finding.column ? `${finding.table}.${finding.column}` : finding.table;
  const ids = finding.rowIds.length > 0 ? `: ${finding.rowIds.join(', ')}${finding.count > finding.rowIds.length ? ', ...' : ''}` : '';
  const unit = finding.kind === 'duplicate' ? 'value' : 'row';
  const counted = finding.kind.endsWith('table') || finding.kind.endsWith('column') || finding.kind === 'left-out'
    ? ''
    : ` (${finding.count} ${unit}${finding.count === 1 ? '' : 's'}${ids})`;
  return `${where}: ${finding.reason}${counted}`;
}
