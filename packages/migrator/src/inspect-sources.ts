/**
 * Inspects each source store once, whatever number of parts read from it (inspect-source.ts), and in a split run
 * warns about rows a source holds in tables it is not read for: rolling split stores back, the main store's log
 * tables should be empty (the logs come from the log store), and rows there would stay behind.
 */
import type { FindingList } from './findings.js';
import { inspectSource } from './inspect-source.js';
import { sameEndpoint } from './open-stores.js';
import type { PartRun } from './part-runs.js';
import type { TablePlan } from './plan.js';
import { countRows } from './row-counts.js';

export async function inspectSources(
  parts: readonly PartRun[],
  allPlans: readonly TablePlan[],
  leaveOut: readonly string[],
  findings: FindingList,
): Promise<void> {
  const done: PartRun[] = [];
  for (const part of parts) {
    const shared = done.find((other) => sameEndpoint(other.from, part.from));
    if (shared) {
      Object.assign(part, { shape: shared.shape, isGatewayDbStore: shared.isGatewayDbStore });
      continue;
    }
    const source = part.source;
    if (source === undefined) throw new Error('inspectSources: the source is not open');
    const readers = parts.filter((other) => sameEndpoint(other.from, part.from));
    const readFrom = new Set(readers.flatMap((reader) => reader.plans.map((plan) => plan.name)));
    const { shape, isGatewayDbStore } = await inspectSource(source, allPlans, leaveOut, findings, readFrom);
    Object.assign(part, { shape, isGatewayDbStore });
    done.push(part);
    for (const plan of allPlans) {
      if (readFrom.has(plan.name) || !shape.columns.has(plan.name)) continue;
      const rows = await countRows(source.client, plan);
      if (rows === 0) continue;
      findings.add({
        severity: 'warning',
        kind: 'not-read',
        table: plan.name,
        count: rows,
        reason: `rows in ${part.sourceName} that are not copied: this table is read from the other source`,
      });
    }
  }
}
