/** Looks a column up by name in a table being built, failing loudly on a typo in a table spec. */
export function pickColumn<T>(table: Record<string, T> | undefined, name: string): T {
  const column = table?.[name];
  if (column === undefined) throw new Error(`Schema definition error: column "${name}" not found`);
  return column;
}

/** Drizzle wants a non-empty tuple for index columns. */
export function pickColumns<T>(table: Record<string, T>, names: readonly string[]): [T, ...T[]] {
  const [first, ...rest] = names.map((name) => pickColumn(table, name));
  if (first === undefined) throw new Error('Schema definition error: an index needs at least one column');
  return [first, ...rest];
}
