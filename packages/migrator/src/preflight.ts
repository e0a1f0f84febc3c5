/**
 * The pre-flight pass: reads the whole source once, before anything is written, and finds every row that could
 * not arrive exactly: values without an exact form in the target column, NULL where NOT NULL, rows larger than
 * the server accepts, unique values that would collide under the target's byte comparison, dangling references.
 * The same pass computes the source checksums the verification compares against.
 */
import { canonicalRows } from './canonical-stream.js';
import { ChecksumBuilder, type TableChecksum } from './checksum.js';
import { checkRowFits } from './fit-check.js';
import type { FindingList } from './findings.js';
import { encodeMysqlTuple } from './mysql/mysql-insert-encoder.js';
import type { DanglingPolicy } from './options.js';
import { type TablePlan, quoteIdentifier } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { SourceShape } from './row-query.js';
import type { StoreReader, TargetLimits } from './store.js';
import type { CanonicalValue } from './value-codec.js';

export interface PreflightInput {
  readonly source: StoreReader;
  readonly plans: readonly TablePlan[];
  readonly shape: SourceShape;
  readonly limits: TargetLimits;
  readonly policy: DanglingPolicy;
  readonly findings: FindingList;
  readonly progress?: ProgressListener;
}

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
  for await (const batch of canonicalRows(input.source, plan, input.shape, input.policy)) {
    for (const { row, problems, rowId } of batch) {
      for (const problem of problems) {
        findings.add({ severity: 'error', kind: 'does-not-fit', table: plan.name, column: problem.column, reason: problem.reason, rowId });
      }
      for (const problem of checkRowFits(plan, row, limits)) {
        const kind = problem.reason.startsWith('NULL') ? 'not-null' : 'does-not-fit';
        findings.add({ severity: 'error', kind, table: plan.name, column: problem.column, reason: problem.reason, rowId });
      }
      if (statementTooLarge(row, limits.maxStatementBytes)) {
        findings.add({
          severity: 'error', kind: 'does-not-fit', table: plan.name, rowId,
          reason: `row larger than the server's max_allowed_packet (${limits.maxStatementBytes} bytes): raise max_allowed_packet`,
        });
      }
      checksum.add(row);
    }
    input.progress?.rowsDone('preflight', plan.name, batch.length);
  }
  input.progress?.tableDone('preflight', plan.name);
  return checksum.finish();
}

async function findDuplicates(input: PreflightInput, plan: TablePlan): Promise<void> {
  const { source, shape, findings } = input;
  const present = shape.columns.get(plan.name);
  const table = quoteIdentifier(plan.name);
  for (const column of plan.uniqueColumns) {
    if (!present?.has(column)) continue;
    const value = source.binary(quoteIdentifier(column));
    const groups = await source.queryRows(
      `SELECT ${value}, COUNT(*) FROM ${table} WHERE ${quoteIdentifier(column)} IS NOT NULL GROUP BY ${value} HAVING COUNT(*) > 1`,
    );
    const reason = "the same value in several rows would collide in the target's unique key";
    for (const [bytes] of groups) {
      const ids = await source.queryRows(
        `SELECT ${quoteIdentifier(plan.primaryKey)} FROM ${table} WHERE ${value} = ? LIMIT 20`, [bytes],
      );
      findings.add({ severity: 'error', kind: 'duplicate', table: plan.name, column, reason });
      for (const [id] of ids) {
        findings.add({ severity: 'error', kind: 'duplicate', table: plan.name, column, reason, count: 0, rowId: String(id) });
      }
    }
  }
}

async function findDangling(input: PreflightInput, plan: TablePlan): Promise<void> {
  const { source, shape, findings, policy } = input;
  const present = shape.columns.get(plan.name);
  const table = quoteIdentifier(plan.name);
  for (const fk of plan.foreignKeys) {
    if (!present?.has(fk.column)) continue;
    const own = `${table}.${quoteIdentifier(fk.column)}`;
    const parentPresent = shape.columns.get(fk.parentTable)?.has('id') === true;
    const parent = quoteIdentifier(fk.parentTable);
    const where = parentPresent
      ? `${own} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${parent} WHERE ${parent}.\`id\` = ${own})`
      : `${own} IS NOT NULL`;
    const [countRow] = await source.queryRows(`SELECT COUNT(*) FROM ${table} WHERE ${where}`);
    const count = Number(countRow?.[0] ?? 0);
    if (count === 0) continue;
    const ids = await source.queryRows(`SELECT ${table}.${quoteIdentifier(plan.primaryKey)} FROM ${table} WHERE ${where} LIMIT 20`);
    const base = { kind: 'dangling-reference' as const, table: plan.name, column: fk.column };
    const setNullImpossible = policy === 'set-null' && fk.notNull;
    const severity = policy === 'refuse' || setNullImpossible ? 'error' : policy === 'keep' ? 'warning' : 'info';
    const reason =
      policy === 'keep' ? `references a missing ${fk.parentTable} row: kept as is`
      : policy === 'refuse' ? `references a missing ${fk.parentTable} row (--dangling=refuse)`
      : setNullImpossible ? `references a missing ${fk.parentTable} row and is NOT NULL: cannot be set to NULL (use --dangling=keep)`
      : `references a missing ${fk.parentTable} row: set to NULL (--dangling=set-null)`;
    findings.add({ ...base, severity, reason, count: count - ids.length });
    for (const [id] of ids) findings.add({ ...base, severity, reason, count: 1, rowId: String(id) });
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
