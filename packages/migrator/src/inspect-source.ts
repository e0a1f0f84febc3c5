/**
 * Compares the source's tables and columns with the schema: unknown tables/columns are errors unless `leaveOut`
 * names them (`table` or `table.column`); missing ones are reported as information (a missing table counts as
 * empty, a missing column takes the schema default). Bookkeeping tables are ignored.
 * `plans` is always the whole schema, even when only one part of the store is read from this source (split stores,
 * store-parts.ts): a config table in a log store is known, not "unknown". `readFrom` limits the findings about
 * known tables to the tables actually read from here; unknown tables are reported whatever is read.
 */
import { GATEWAY_DB_ADDITIONS } from '@gateway-db/schema';
import { type FindingList, leaveOutHint } from './findings.js';
import { GATEWAY_DB_MIGRATIONS_TABLE, isBookkeepingTable, type TablePlan } from './plan.js';
import type { SourceShape } from './row-query.js';
import type { StoreReader } from './store.js';

export async function inspectSource(
  source: StoreReader,
  plans: readonly TablePlan[],
  leaveOut: readonly string[],
  findings: FindingList,
  readFrom?: ReadonlySet<string>,
): Promise<{ shape: SourceShape; isGatewayDbStore: boolean }> {
  // Findings about a known table that is not read from this source would be noise (or a wrong refusal).
  const add = (finding: Parameters<FindingList['add']>[0]) => {
    if (readFrom === undefined || readFrom.has(finding.table)) findings.add(finding);
  };
  const tables = await source.listTables();
  // gateway-db's migrations journal marks a store it created: anything else is a legacy file, which never has
  // what gateway-db added (not worth a finding there).
  const isGatewayDbStore = tables.has(GATEWAY_DB_MIGRATIONS_TABLE);
  const expected = (name: string, set: ReadonlySet<string>) => isGatewayDbStore || !set.has(name);
  const known = new Map(plans.map((plan) => [plan.name, plan]));
  const leftOut = new Set(leaveOut);
  const columns = new Map<string, ReadonlySet<string>>();
  for (const [table, tableColumns] of tables) {
    if (isBookkeepingTable(table)) continue;
    const plan = known.get(table);
    if (plan === undefined) {
      if (leftOut.has(table))
        findings.add({ severity: 'info', kind: 'left-out', table, reason: 'unknown table left out as asked' });
      else
        findings.add({
          severity: 'error',
          kind: 'unknown-table',
          table,
          reason: `table unknown to the schema (${leaveOutHint(table)})`,
        });
      continue;
    }
    const planned = new Set(plan.columns.map((c) => c.name));
    for (const column of tableColumns) {
      if (planned.has(column)) continue;
      const name = `${table}.${column}`;
      if (leftOut.has(name) || leftOut.has(table)) {
        add({ severity: 'info', kind: 'left-out', table, column, reason: 'unknown column left out as asked' });
      } else {
        add({
          severity: 'error',
          kind: 'unknown-column',
          table,
          column,
          reason: `column unknown to the schema (${leaveOutHint(name)})`,
        });
      }
    }
    const present = new Set(tableColumns.filter((c) => planned.has(c)));
    for (const column of plan.columns) {
      if (present.has(column.name) || !expected(`${table}.${column.name}`, GATEWAY_DB_ADDITIONS.columns)) continue;
      const fallback = column.defaultValue === null ? 'NULL' : 'the schema default';
      add({
        severity: 'info',
        kind: 'missing-column',
        table,
        column: column.name,
        reason: `absent from the source: rows get ${fallback}`,
      });
    }
    columns.set(table, present);
  }
  for (const plan of plans) {
    if (!columns.has(plan.name) && expected(plan.name, GATEWAY_DB_ADDITIONS.tables))
      add({
        severity: 'info',
        kind: 'missing-table',
        table: plan.name,
        reason: 'absent from the source: counts as empty',
      });
  }
  return { shape: { columns }, isGatewayDbStore };
}
