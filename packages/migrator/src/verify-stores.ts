/** `--verify-only`: counts and checksums of two existing stores, table by table. */
import { MigrationError } from './errors.js';
import type { TablePlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { MigrationReport } from './report.js';
import { countRows } from './row-counts.js';
import type { SourceShape } from './row-query.js';
import type { StoreReader, TargetStore } from './store.js';
import { checksumTable, compareChecksums, fullShape } from './verify.js';
import { verifyRollupsOfCopy } from './verify-rollups.js';

export interface VerifyStoresInput {
  readonly source: StoreReader;
  readonly target: TargetStore;
  readonly plans: readonly TablePlan[];
  readonly shape: SourceShape;
  readonly report: MigrationReport;
  readonly progress?: ProgressListener;
}

export async function verifyStores({
  source,
  target,
  plans,
  shape,
  report,
  progress,
}: VerifyStoresInput): Promise<void> {
  const targetShape = fullShape(plans);
  const mismatches: string[] = [];
  // Both stores are read whole: the bar counts the rows of both (counting first costs an index scan per table).
  const rowsToRead = new Map<string, number>();
  if (progress) {
    for (const plan of plans) {
      const sourceRows = shape.columns.has(plan.name) ? await countRows(source.client, plan) : 0;
      rowsToRead.set(plan.name, sourceRows + (await countRows(target.client, plan)));
    }
    progress.phaseStarted(
      'verify',
      [...rowsToRead.values()].reduce((a, b) => a + b, 0),
    );
  }
  for (const plan of plans) {
    const started = performance.now();
    progress?.tableStarted('verify', plan.name, rowsToRead.get(plan.name) ?? 0);
    const keep = target.limits.keepsTextBytes;
    const expected = await checksumTable(source, plan, shape, 'keep', 'verify', progress, keep);
    const actual = await checksumTable(target.reader, plan, targetShape, 'keep', 'verify', progress, keep);
    progress?.tableDone('verify', plan.name);
    const comparison = compareChecksums(expected, actual);
    report.tables.push({
      table: plan.name,
      sourceRows: expected.rows,
      targetRows: actual.rows,
      sourceChecksum: expected.checksum,
      targetChecksum: actual.checksum,
      match: comparison.match,
      bytes: expected.bytes,
      seconds: (performance.now() - started) / 1000,
      ...(comparison.firstDifference ? { firstDifference: comparison.firstDifference } : {}),
    });
    if (!comparison.match) mismatches.push(`${plan.name} (first difference in ${comparison.firstDifference})`);
  }
  progress?.phaseDone('verify');
  report.totalRows = report.tables.reduce((sum, t) => sum + t.sourceRows, 0);
  if (mismatches.length > 0) {
    throw new MigrationError({ code: 'VERIFY_FAILED', message: `The stores differ: ${mismatches.join('; ')}` });
  }
  // Only where the logs are: a split store's main part has neither the rows nor the rollups.
  if (plans.some((plan) => plan.name === 'api_request_rollups'))
    await verifyRollupsOfCopy(source.client, shape.columns.has('api_request_rollups'), target.client, report.notes);
}
