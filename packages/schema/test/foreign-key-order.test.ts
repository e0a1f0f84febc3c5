import { describe, expect, it } from 'vitest';
import { col, defineTable, type TableSpec, tableSpecs, tablesInForeignKeyOrder } from '../src/index.js';

describe('tablesInForeignKeyOrder', () => {
  const ordered = tablesInForeignKeyOrder(tableSpecs as readonly TableSpec[]);

  it('lists all 11 tables once', () => {
    expect(ordered.map((t) => t.name).sort()).toEqual(tableSpecs.map((t) => t.name).sort());
  });

  it('puts every referenced table before the tables that reference it', () => {
    const position = new Map(ordered.map((t, i) => [t.name, i]));
    for (const table of ordered) {
      for (const column of Object.values(table.columns)) {
        if (!column.references) continue;
        expect(position.get(column.references.table), `${table.name} -> ${column.references.table}`).toBeLessThan(
          position.get(table.name) ?? -1,
        );
      }
    }
  });

  it('names the cycle when tables reference each other', () => {
    const a = defineTable({
      name: 'a',
      columns: {
        id: col.key({ primaryKey: true }),
        b_id: col.key({ references: { table: 'b', onDelete: 'cascade' } }),
      },
      indexes: [],
    });
    const b = defineTable({
      name: 'b',
      columns: {
        id: col.key({ primaryKey: true }),
        a_id: col.key({ references: { table: 'a', onDelete: 'cascade' } }),
      },
      indexes: [],
    });
    expect(() => tablesInForeignKeyOrder([a, b] as TableSpec[])).toThrow('Foreign key cycle: a -> b -> a');
  });
});
