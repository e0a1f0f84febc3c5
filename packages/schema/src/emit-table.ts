/**
 * The dialect-independent half of emitting a table spec as a Drizzle table: build each column through the
 * dialect's kind map, then the named indexes and foreign keys. `sqlite.ts` and `mysql.ts` pass their own Drizzle
 * functions and give the result its precise type.
 */
import type { ColumnSpec, OnDelete } from './column-spec.js';
import { applyModifiers, type ModifiableBuilder } from './emit-columns.js';
import { pickColumn, pickColumns } from './pick-column.js';
import { foreignKeyName, type TableSpec } from './table-spec.js';

interface IndexBuilderOn<TColumn, TExtra> {
  on(...columns: [TColumn, ...TColumn[]]): TExtra;
}

interface ForeignKeyBuilder<TExtra> {
  onDelete(action: OnDelete): TExtra;
}

/** The Drizzle functions of one dialect, typed just as much as the emitter needs. */
export interface DialectTableFunctions<TBuilder, TColumn, TTable, TExtra> {
  readonly kinds: Record<ColumnSpec['kind'], (spec: ColumnSpec) => TBuilder>;
  readonly table: (
    name: string,
    columns: Record<string, TBuilder>,
    extra: (self: Record<string, TColumn>) => TExtra[],
  ) => TTable;
  readonly index: (name: string) => IndexBuilderOn<TColumn, TExtra>;
  readonly uniqueIndex: (name: string) => IndexBuilderOn<TColumn, TExtra>;
  readonly foreignKey: (config: {
    name: string;
    columns: [TColumn];
    foreignColumns: [TColumn];
  }) => ForeignKeyBuilder<TExtra>;
}

/** Emits table specs of one dialect; foreign keys resolve through the tables emitted before (lazily). */
export function tableEmitter<TBuilder, TColumn, TTable extends object, TExtra>(
  fns: DialectTableFunctions<TBuilder, TColumn, TTable, TExtra>,
): (spec: TableSpec) => TTable {
  const emitted = new Map<string, Record<string, TColumn>>();
  return (spec) => {
    const columns: Record<string, TBuilder> = {};
    for (const [name, column] of Object.entries(spec.columns)) {
      const builder = fns.kinds[column.kind](column);
      applyModifiers(builder as ModifiableBuilder, column);
      columns[name] = builder;
    }
    const table = fns.table(spec.name, columns, (self) => {
      const extras = spec.indexes.map((ix) =>
        (ix.unique ? fns.uniqueIndex : fns.index)(ix.name).on(...pickColumns(self, ix.columns)),
      );
      for (const [name, column] of Object.entries(spec.columns)) {
        if (!column.references) continue;
        // Called by Drizzle after every table of the module exists, so the referenced table is there.
        const target = pickColumn(emitted.get(column.references.table), 'id');
        const fk = fns.foreignKey({
          name: foreignKeyName(spec.name, name),
          columns: [pickColumn(self, name)],
          foreignColumns: [target],
        });
        extras.push(fk.onDelete(column.references.onDelete));
      }
      return extras;
    });
    // A Drizzle table exposes its columns as properties.
    emitted.set(spec.name, table as unknown as Record<string, TColumn>);
    return table;
  };
}
