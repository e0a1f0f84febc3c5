/**
 * The write path of one part (store-parts.ts), once the pre-flight pass is clean: mark the target, clean up or
 * resume, copy every table of the part in foreign-key order, verify. The caller marks the run verified once every
 * part is (a split import is one import over two stores). On a SQLite target all of it is one transaction.
 */
import type { TableChecksum } from './checksum.js';
import { copyTable } from './copy-table.js';
import { MigrationError } from './errors.js';
import {
  forgetCopiedTables,
  markTableCopied,
  saveTableCursor,
  type TableProgress,
  tableProgress,
  writeRunMarker,
} from './import-state.js';
import { afterCursor } from './key-cursor.js';
import type { Logger } from './logger.js';
import type { DanglingPolicy } from './options.js';
import type { TablePlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { TableReport } from './report.js';
import { countRows } from './row-counts.js';
import type { SourceShape } from './row-query.js';
import type { StoreReader, TargetStore } from './store.js';
import type { TargetDecision } from './target-state.js';
import { checksumTable, compareChecksums, fullShape } from './verify.js';
import { verifyRollupsOfCopy } from './verify-rollups.js';

export interface ImportInput {
  readonly source: StoreReader;
  readonly target: TargetStore;
  /** The part's tables only: another part may share the target, and its tables and bookkeeping stay untouched. */
  readonly plans: readonly TablePlan[];
  /** The part's run marker row (store-parts.ts). */
  readonly runMarker: string;
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
  readonly logger?: Logger;
}

/** Rows each table already holds from the interrupted run being resumed (0 for a table copied from its start). */
type KeptRows = Map<string, number>;

async function prepareTables(input: ImportInput): Promise<{ done: TableProgress; kept: KeptRows }> {
  const { target, plans, decision, fingerprint } = input;
  const names = plans.map((plan) => plan.name);
  await writeRunMarker(target.client, 'copying', input.sourceName, fingerprint, input.runMarker);
  const done: TableProgress =
    decision.action === 'resume'
      ? await tableProgress(target.client, fingerprint, names)
      : { copied: new Set(), cursors: new Map() };
  if (decision.action !== 'resume') await forgetCopiedTables(target.client, names);
  const kept: KeptRows = new Map();
  for (const plan of plans) {
    if (done.copied.has(plan.name)) continue;
    const cursor = done.cursors.get(plan.name);
    if (cursor !== undefined) {
      // MySQL writers commit on their own between checkpoints: rows past the recorded key may be there; they go.
      await target.client.deleteWhere(plan.table, afterCursor(target.dialect, plan, cursor));
      kept.set(plan.name, await countRows(target.client, plan));
    } else if (decision.action !== 'fresh' || decision.nonEmpty.includes(plan.name)) {
      await target.client.clear(plan.table);
    }
  }
  return { done, kept };
}

export async function runImport(input: ImportInput): Promise<void> {
  const { source, target, plans, progress } = input;
  const { done, kept } = await prepareTables(input);
  const reportOf = (name: string) => input.tables.find((t) => t.table === name);
  const totalRows = plans.reduce(
    (sum, p) => sum + (done.copied.has(p.name) ? 0 : (reportOf(p.name)?.sourceRows ?? 0) - (kept.get(p.name) ?? 0)),
    0,
  );

  progress?.phaseStarted('copy', totalRows);
  for (const plan of plans) {
    if (done.copied.has(plan.name)) continue;
    const report = reportOf(plan.name);
    const already = kept.get(plan.name) ?? 0;
    const resumeAfter = done.cursors.get(plan.name);
    if (resumeAfter !== undefined) {
      input.logger?.info(`${plan.name}: 从中断处继续, 已有 ${already} 行, 只复制其余的行`);
      if (report) report.resumedRows = already;
    }
    progress?.tableStarted('copy', plan.name, report?.sourceRows ?? 0, already);
    const result = await copyTable(source, target, plan, input.shape, input.policy, {
      ...(progress ? { progress } : {}),
      ...(resumeAfter !== undefined ? { resumeAfter } : {}),
      saveCursor: (cursor) => saveTableCursor(target.client, plan.name, input.fingerprint, cursor),
    });
    if (report) Object.assign(report, { seconds: result.seconds, copiedRows: result.rows });
    await markTableCopied(target.client, plan.name, input.fingerprint);
    progress?.tableDone('copy', plan.name);
  }
  progress?.phaseDone('copy');

  await verifyTarget(input);
  // The rollups count the rows of api_requests: both are in the part that holds the logs.
  if (plans.some((plan) => plan.name === 'api_request_rollups'))
    await verifyRollupsOfCopy(
      source.client,
      input.shape.columns.has('api_request_rollups'),
      target.client,
      input.notes,
    );
}

/** Every table of the target, in full (rows kept by a resume included), against the pre-flight checksums. */
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
    const actual = await checksumTable(
      target.reader,
      plan,
      shape,
      'keep',
      'verify',
      progress,
      target.limits.keepsTextBytes,
    );
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
