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
  | 'dangling-reference'
  /** Text whose stored bytes were not UTF-8, migrated as the gateway read it (every row listed). */
  | 'text-replaced'
  /** Text whose stored bytes were not UTF-8, kept as those bytes (into SQLite; every row listed). */
  | 'text-kept'
  /** Split stores: rows of a table another part reads from another store, so not copied (store-parts.ts). */
  | 'not-read';

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
/** Rows a text replacement lists: every changed row is named (the bound only keeps a report of a hostile file finite). */
export const MAX_REPLACED_ROW_IDS = 100_000;

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
    const kept = finding.kind === 'text-replaced' || finding.kind === 'text-kept' ? MAX_REPLACED_ROW_IDS : MAX_ROW_IDS;
    if (finding.rowId !== undefined && entry.rowIds.length < kept) entry.rowIds.push(finding.rowId);
  }

  all(): Finding[] {
    return [...this.byKey.values()];
  }

  errors(): Finding[] {
    return this.all().filter((f) => f.severity === 'error');
  }
}

const PLAIN_NAME = /^[A-Za-z0-9_]+$/;
// Characters that would break a log line or hide what a name is: controls (newline), format (bidi overrides,
// zero-width), unassigned, private use, lone surrogates, line and paragraph separators.
const INVISIBLE = /[\p{C}\p{Zl}\p{Zp}]/gu;
const HAS_INVISIBLE = /[\p{C}\p{Zl}\p{Zp}]/u;

function escapeInvisible(char: string): string {
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`;
}

/**
 * A table or column name as a message prints it: bare when plain (`api_requests`), else double-quoted with `"`
 * and `\` escaped and invisible characters as `\u{...}`: a hostile name in a legacy file can neither forge a log
 * line nor pass for another name.
 */
function printableName(name: string): string {
  if (PLAIN_NAME.test(name)) return name;
  return `"${name.replace(/["\\]/g, (c) => `\\${c}`).replace(INVISIBLE, escapeInvisible)}"`;
}

/**
 * The `--leave-out` argument for `name` (`table` or `table.column`) as a shell word: single-quoted when not
 * plain, `$'...'` (bash) when it holds invisible characters. Never pasted bare: a name like `x; rm -rf ~` is data.
 */
export function leaveOutHint(name: string): string {
  if (name.includes(',') || name.trim() !== name) {
    return `leave it out with migrate({ leaveOut }): the CLI's --leave-out splits on commas and trims spaces`;
  }
  if (/^[A-Za-z0-9_.-]+$/.test(name)) return `use --leave-out ${name} to skip it`;
  const word = HAS_INVISIBLE.test(name)
    ? `$'${name.replace(/['\\]/g, (c) => `\\${c}`).replace(INVISIBLE, (c) => `\\U${(c.codePointAt(0) ?? 0).toString(16).padStart(8, '0')}`)}'`
    : `'${name.replaceAll("'", "'\\''")}'`;
  return `use --leave-out ${word} to skip it`;
}

/** One line per finding: `users.username: NULL where the target forbids it (2 rows: a1, b2)`. */
export function describeFinding(finding: Finding): string {
  const table = printableName(finding.table);
  const where = finding.column ? `${table}.${printableName(finding.column)}` : table;
  // Row ids come from the source too: nanoids print bare, anything else quoted like a name.
  const printedIds = finding.rowIds.map((id) => (/^[\w-]+$/.test(id) ? id : printableName(id)));
  const ids =
    finding.rowIds.length > 0
      ? `: ${printedIds.join(', ')}${finding.count > finding.rowIds.length ? ', ...' : ''}`
      : '';
  const unit = finding.kind === 'duplicate' ? 'value' : 'row';
  const counted =
    finding.kind.endsWith('table') || finding.kind.endsWith('column') || finding.kind === 'left-out'
      ? ''
      : ` (${finding.count} ${unit}${finding.count === 1 ? '' : 's'}${ids})`;
  return `${where}: ${finding.reason}${counted}`;
}
