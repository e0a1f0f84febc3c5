/**
 * The pre-flight pass: reads the whole source once, before anything is written, and finds every row that could
 * not arrive exactly: values without an exact form in the target column, NULL where NOT NULL, rows larger than
 * the server accepts, unique values that would collide under the target's byte comparison, dangling references.
 * The same pass computes the source checksums the verification compares against.
 */
import { and, count, eq, gt, isNotNull, sql } from 'drizzle-orm';
import { canonicalRows } from './canonical-stream.js';
import { ChecksumBuilder, type TableChecksum } from './checksum.js';
import { type FindingList, MAX_ROW_IDS, type Severity } from './findings.js';
import { checkRowFits } from './fit-check.js';
import { encodeMysqlTuple } from './mysql/mysql-insert-encoder.js';
import type { DanglingPolicy } from './options.js';
import type { TablePlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import { parentRow, type SourceShape, sourceHasParent } from './row-query.js';
import type { StoreReader, TargetLimits } from './store.js';
import type { CanonicalValue } from './value-codec.js';

export interface PreflightInput {
  readonly source: StoreReader;
  readonly plans: readonly TablePlan[];
  readonly shape: SourceShape;
  readonly limits: TargetLimits;
  readonly policy: DanglingPolicy;
  /** Refuse text whose stored bytes are not UTF-8 instead of migrating it as the gateway read it. */
  readonly strictText: boolean;
  readonly findings: FindingList;
  readonly progress?: ProgressListener;
}

/** Why a replaced text value is reported: what was done, and (strict) what to do. */
export const REPLACED_TEXT = {
  warning:
    'held bytes that are not UTF-8 text (a cut emoji): migrated as the text the gateway read from them, each bad byte sequence as U+FFFD',
  error:
    'holds bytes that are not UTF-8 text (a cut emoji), refused by --strict-text: run without it to migrate the text the gateway read from them',
} as const;

/** Why text kept as its bytes is reported (into SQLite nothing changes; the gateway reads it as before). */
export const KEPT_TEXT = {
  info: 'holds bytes that are not UTF-8 text (a cut emoji): copied as the same bytes, read by the gateway as before',
  error:
    'holds bytes that are not UTF-8 text (a cut emoji), refused by --strict-text: run without it to copy the bytes as they are',
} as const;

/** Source checksums per table (the rows as they will be written). */
export type SourceChecksums = Map<string, TableChecksum>;

function statementTooLarge(row: readonly CanonicalValue[], max: number | undefined): boolean {
  if (max === undefined) return false;
  let units = 0;
  for (const value of row) if (typeof value === 'string') units += value.length;
  // Worst case 3 bytes per UTF-16 unit, doubled by escaping: only then is the exact size worth computing.
  if (units * 6 + 4096 < max) return false;
  return Buffer.byteLength(encodeMysqlTuple(row)) + 4096 > max;
}

async function scanTable(input: PreflightInput, plan: TablePlan, total: number): Promise<TableChecksum> {
  const { findings, limits } = input;
  const checksum = new ChecksumBuilder(plan.primaryKeyIndex);
  input.progress?.tableStarted('preflight', plan.name, total);
  const keep = input.limits.keepsTextBytes;
  for await (const batch of canonicalRows(input.source, plan, input.shape, input.policy, undefined, keep)) {
    const bytesBefore = checksum.byteCount;
    for (const { row, problems, replaced, kept, rowId } of batch) {
      for (const column of kept) {
        const severity = input.strictText ? 'error' : 'info';
        findings.add({ severity, kind: 'text-kept', table: plan.name, column, reason: KEPT_TEXT[severity], rowId });
      }
      for (const column of replaced) {
        const severity = input.strictText ? 'error' : 'warning';
        findings.add({
          severity,
          kind: 'text-replaced',
          table: plan.name,
          column,
          reason: REPLACED_TEXT[severity],
          rowId,
        });
      }
      for (const problem of problems) {
        findings.add({
          severity: 'error',
          kind: 'does-not-fit',
          table: plan.name,
          column: problem.column,
          reason: problem.reason,
          rowId,
        });
      }
      for (const problem of checkRowFits(plan, row, limits)) {
        const kind = problem.reason.startsWith('NULL') ? 'not-null' : 'does-not-fit';
        findings.add({
          severity: 'error',
          kind,
          table: plan.name,
          column: problem.column,
          reason: problem.reason,
          rowId,
        });
      }
      if (statementTooLarge(row, limits.maxStatementBytes)) {
        findings.add({
          severity: 'error',
          kind: 'does-not-fit',
          table: plan.name,
          rowId,
          reason: `row larger than the server's max_allowed_packet (${limits.maxStatementBytes} bytes): raise max_allowed_packet`,
        });
      }
      checksum.add(row);
    }
    input.progress?.rowsDone('preflight', plan.name, batch.length, checksum.byteCount - bytesBefore);
  }
  input.progress?.tableDone('preflight', plan.name);
  return checksum.finish();
}

async function findDuplicates(input: PreflightInput, plan: TablePlan): Promise<void> {
  const { source, shape, findings } = input;
  const { client, dialect } = source;
  const present = shape.columns.get(plan.name);
  const id = sql`${plan.primaryKey.drizzle[dialect]}`;
  const reason = "the same value in several rows would collide in the target's unique key";
  for (const column of plan.uniqueColumns) {
    if (!present?.has(column.name)) continue;
    const own = column.drizzle[dialect];
    const value = client.binary(own);
    const groups = await client.select({
      from: plan.table,
      fields: { value, rows: count() },
      where: isNotNull(own),
      groupBy: value,
      having: gt(count(), 1),
    });
    for (const group of groups) {
      const ids = await client.select({
        from: plan.table,
        fields: { id },
        where: eq(value, group.value),
        limit: MAX_ROW_IDS,
      });
      findings.add({ severity: 'error', kind: 'duplicate', table: plan.name, column: column.name, reason });
      for (const row of ids) {
        findings.add({
          severity: 'error',
          kind: 'duplicate',
          table: plan.name,
          column: column.name,
          reason,
          count: 0,
          rowId: String(row.id),
        });
      }
    }
  }
}

function danglingReason(
  policy: DanglingPolicy,
  parent: string,
  notNull: boolean,
): { severity: Severity; reason: string } {
  if (policy === 'keep') return { severity: 'warning', reason: `references a missing ${parent} row: kept as is` };
  if (policy === 'refuse')
    return { severity: 'error', reason: `references a missing ${parent} row (--dangling=refuse)` };
  if (notNull) {
    return {
      severity: 'error',
      reason: `references a missing ${parent} row and is NOT NULL: cannot be set to NULL (use --dangling=keep)`,
    };
  }
  return { severity: 'info', reason: `references a missing ${parent} row: set to NULL (--dangling=set-null)` };
}

async function findDangling(input: PreflightInput, plan: TablePlan): Promise<void> {
  const { source, shape, findings, policy } = input;
  const { client, dialect } = source;
  const present = shape.columns.get(plan.name);
  for (const fk of plan.foreignKeys) {
    if (!present?.has(fk.column.name)) continue;
    const own = fk.column.drizzle[dialect];
    const exists = parentRow(plan, fk.column, dialect);
    // Without the parent table (or its key) in the source, every reference is dangling.
    const where =
      exists !== undefined && sourceHasParent(plan, fk.column, shape)
        ? and(isNotNull(own), sql`NOT EXISTS (${exists})`)
        : isNotNull(own);
    const [counted] = await client.select({ from: plan.table, fields: { rows: count() }, where });
    const total = Number(counted?.rows ?? 0);
    if (total === 0) continue;
    const ids = await client.select({
      from: plan.table,
      fields: { id: sql`${plan.primaryKey.drizzle[dialect]}` },
      where,
      limit: MAX_ROW_IDS,
    });
    const base = {
      kind: 'dangling-reference' as const,
      table: plan.name,
      column: fk.column.name,
      ...danglingReason(policy, fk.parent.name, fk.column.notNull),
    };
    findings.add({ ...base, count: total - ids.length });
    for (const row of ids) findings.add({ ...base, count: 1, rowId: String(row.id) });
  }
}

export async function preflight(input: PreflightInput, totals: ReadonlyMap<string, number>): Promise<SourceChecksums> {
  const checksums: SourceChecksums = new Map();
  for (const plan of input.plans) {
    checksums.set(plan.name, await scanTable(input, plan, totals.get(plan.name) ?? 0));
    if (!input.shape.columns.has(plan.name)) continue;
    await findDuplicates(input, plan);
    await findDangling(input, plan);
  }
  return checksums;
}
