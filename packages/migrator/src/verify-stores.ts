/** `--verify-only`: counts and checksums of two existing stores, table by table. */
import { MigrationError } from './errors.js';
import type { TablePlan } from './plan.js';
import type { ProgressListener } from './progress.js';
import type { MigrationReport } from './report.js';
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
  for (const plan of plans) {
    const started = performance.now();
    const expected = await checksumTable(source, plan, shape, 'keep', 'verify', progress);
    const actual = await checksumTable(target.reader, plan, targetShape, 'keep', 'verify', progress);
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
  report.totalRows = report.tables.reduce((sum, t) => sum + t.sourceRows, 0);
  if (mismatches.length > 0) {
    throw new MigrationError({ code: 'VERIFY_FAILED', message: `The stores differ: ${mismatches.join('; ')}` });
  }
  await verifyRollupsOfCopy(source.client, shape.columns.has('api_request_rollups'), target.client, report.notes);
}
