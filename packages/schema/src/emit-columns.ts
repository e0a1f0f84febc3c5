import type { ColumnBuilderBase, HasDefault, IsPrimaryKey, NotNull } from 'drizzle-orm';
import type { ColumnSpec } from './column-spec.js';

/** The builder type of one column spec, with the same modifiers Drizzle's own methods would add. */
export type EmittedColumn<TBuilder extends ColumnBuilderBase, TSpec extends ColumnSpec> = WithPrimaryKey<
  WithDefault<WithNotNull<TBuilder, TSpec>, TSpec>,
  TSpec
>;

type WithNotNull<B extends ColumnBuilderBase, S> = S extends { notNull: true } | { primaryKey: true } ? NotNull<B> : B;
type WithDefault<B extends ColumnBuilderBase, S> = S extends { default: string | number | boolean } ? HasDefault<B> : B;
type WithPrimaryKey<B extends ColumnBuilderBase, S> = S extends { primaryKey: true } ? IsPrimaryKey<B> : B;

/** The few builder methods both dialects share, typed loosely: the emitters type their result as a whole. */
export interface ModifiableBuilder {
  primaryKey(): unknown;
  notNull(): unknown;
  default(value: unknown): unknown;
}

/** Applies primary key, NOT NULL and default to a freshly made builder, in place (Drizzle builders mutate). */
export function applyModifiers(builder: ModifiableBuilder, spec: ColumnSpec): void {
  if (spec.primaryKey) builder.primaryKey();
  else if (spec.notNull) builder.notNull();
  if (spec.default !== undefined) builder.default(spec.default);
}
