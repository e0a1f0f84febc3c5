/**
 * The write path, once the pre-flight pass is clean: mark the target, clean up or resume, copy every table in
 * foreign-key order, verify, mark verified. On a SQLite target all of it is one transaction.
 */
import type { TableChecksum } from './checksum.js';
import { copyTable } from './copy-table.js';
import { MigrationError } from './errors.js';
import { copiedTables, forgetCopiedTables, markTableCopied, writeRunMarker } from './import-state.js';
import type { DanglingPolicy } from './options.js';
import type { TablePlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { TableReport } from './report.js';
import type { SourceShape } from './row-query.js';
import type { StoreReader, TargetStore } from './store.js';
import type { TargetDecision } from './target-state.js';
import { checksumTable, compareChecksums, fullShape } from './verify.js';
import { verifyRollupsOfCopy } from './verify-rollups.js';

export interface ImportInput {
  readonly source: StoreReader;
  readonly target: TargetStore;
  readonly plans: readonly TablePlan[];
  readonly shape: SourceShape;
  readonly policy: DanglingPolicy;
  readonly decision: TargetDecision;
  readonly sourceName: string;
  readonly fingerprint: string;
  readonly sourceChecksums: ReadonlyMap<string, TableChecksum>;
  readonly tables: readonly TableReport[];
  /** The report's notes: warnings found while verifying land here. */
  readonly notes: string[];
  readonly progress?: ProgressListener;
}

async function prepareTables(input: ImportInput): Promise<Set<string>> {
  const { target, plans, decision, fingerprint } = input;
  await writeRunMarker(target.client, 'copying', input.sourceName, fingerprint);
  const keep = decision.action === 'resume' ? await copiedTables(target.client, fingerprint) : new Set<string>();
  if (decision.action !== 'resume') await forgetCopiedTables(target.client);
  for (const plan of plans) {
    if (keep.has(plan.name)) continue;
    if (decision.action !== 'fresh' || decision.nonEmpty.includes(plan.name)) await target.client.clear(plan.table);
  }
  return keep;
}

export async function runImport(input: ImportInput): Promise<void> {
  const { source, target, plans, progress } = input;
  const alreadyCopied = await prepareTables(input);
  const reportOf = (name: string) => input.tables.find((t) => t.table === name);
  const totalRows = plans.reduce(
    (sum, p) => sum + (alreadyCopied.has(p.name) ? 0 : (reportOf(p.name)?.sourceRows ?? 0)),
    0,
  );

  progress?.phaseStarted('copy', totalRows);
  for (const plan of plans) {
    if (alreadyCopied.has(plan.name)) continue;
    const report = reportOf(plan.name);
    progress?.tableStarted('copy', plan.name, report?.sourceRows ?? 0);
    const result = await copyTable(source, target, plan, input.shape, input.policy, progress);
    if (report) report.seconds = result.seconds;
    await markTableCopied(target.client, plan.name, input.fingerprint);
    progress?.tableDone('copy', plan.name);
  }
  progress?.phaseDone('copy');

  await verifyTarget(input);
  await verifyRollupsOfCopy(source.client, input.shape.columns.has('api_request_rollups'), target.client, input.notes);
  await writeRunMarker(target.client, 'verified', input.sourceName, input.fingerprint);
}

async function verifyTarget(input: ImportInput): Promise<void> {
  const { target, plans, progress } = input;
  const shape = fullShape(plans);
  progress?.phaseStarted(
    'verify',
    input.tables.reduce((sum, t) => sum + t.sourceRows, 0),
  );
  const mismatches: string[] = [];
  for (const plan of plans) {
    const report = input.tables.find((t) => t.table === plan.name);
    const expected = input.sourceChecksums.get(plan.name);
    if (!report || !expected) continue;
    progress?.tableStarted('verify', plan.name, report.sourceRows);
    const actual = await checksumTable(target.reader, plan, shape, 'keep', 'verify', progress);
    const comparison = compareChecksums(expected, actual);
    Object.assign(report, { targetRows: actual.rows, targetChecksum: actual.checksum, match: comparison.match });
    if (!comparison.match) {
      report.firstDifference = comparison.firstDifference;
      mismatches.push(
        `${plan.name} (${expected.rows} source rows, ${actual.rows} target rows, first difference in ${comparison.firstDifference})`,
      );
    }
    progress?.tableDone('verify', plan.name);
  }
  progress?.phaseDone('verify');
  if (mismatches.length > 0) {
    throw new MigrationError({
      code: 'VERIFY_FAILED',
      message: `Verification failed for ${mismatches.join('; ')}. The import is marked unfinished: re-running starts over`,
    });
  }
}
