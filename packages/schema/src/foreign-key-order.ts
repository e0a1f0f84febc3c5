import type { TableSpec } from './table-spec.js';

/**
 * Orders tables so that every table comes after the tables it references (parents first), derived from the
 * `references` (and plain `refersTo` references) of the column specs. Ties keep the input order, so the result is stable.
 */
export function tablesInForeignKeyOrder<T extends TableSpec>(tables: readonly T[]): T[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();

  const visit = (table: T, path: string[]): void => {
    const seen = state.get(table.name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`Foreign key cycle: ${[...path, table.name].join(' -> ')}`);
    state.set(table.name, 'visiting');
    for (const column of Object.values(table.columns)) {
      // Plain references order the copy too: log rows after the rows they name, as the legacy schema had it.
      const parentName = column.references?.table ?? column.refersTo;
      if (parentName === undefined || parentName === table.name) continue;
      const parent = byName.get(parentName);
      if (parent === undefined) throw new Error(`Table ${table.name} references unknown table ${parentName}`);
      visit(parent, [...path, table.name]);
    }
    state.set(table.name, 'done');
    ordered.push(table);
  };

  for (const table of tables) visit(table, []);
  return ordered;
}
