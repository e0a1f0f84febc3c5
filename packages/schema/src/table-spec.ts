import type { ColumnSpec } from './column-spec.js';

export interface IndexSpec<TColumn extends string = string> {
  /** Explicit, at most 64 characters (MySQL's limit), unique across the schema. */
  readonly name: string;
  readonly columns: readonly TColumn[];
  readonly unique?: true;
}

export interface TableSpec<
  TName extends string = string,
  TColumns extends Record<string, ColumnSpec> = Record<string, ColumnSpec>,
> {
  readonly name: TName;
  /** Keys are the legacy column names; row objects keep them (snake_case). */
  readonly columns: TColumns;
  readonly indexes: readonly IndexSpec[];
}

/** Identity with inference: keeps literal names and column specs for the dialect emitters. */
export function defineTable<const TName extends string, const TColumns extends Record<string, ColumnSpec>>(
  // Index columns are checked against the table's own column names.
  spec: TableSpec<TName, TColumns> & { readonly indexes: readonly IndexSpec<Extract<keyof TColumns, string>>[] },
): TableSpec<TName, TColumns> {
  return spec;
}

/** The name a foreign key constraint gets on both dialects. */
export function foreignKeyName(table: string, column: string): string {
  return `fk_${table}_${column}`;
}
