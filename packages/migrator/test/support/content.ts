/** Assertions that two stores hold the same rows, read through the bare drivers (see stores.ts). */
import { type ColumnSpec, tableSpecs } from '@gateway-db/schema';
import { expect } from 'vitest';
import { readPlainRows, sqliteColumns } from './stores.js';

function plainDefault(spec: ColumnSpec): string | null {
  if (spec.default === undefined) return null;
  if (typeof spec.default === 'boolean') return spec.default ? 'n:1' : 'n:0';
  if (typeof spec.default === 'number') return `n:${spec.default}`;
  return `s:${spec.default}`;
}

/**
 * Every row of every table of the legacy file arrives with the same values in the target; the columns the file
 * lacks hold the schema default.
 */
export async function expectLegacyContentIn(legacyPath: string, targetUrl: string): Promise<void> {
  for (const spec of tableSpecs) {
    const legacyColumns = sqliteColumns(legacyPath, spec.name);
    const source = await readPlainRows(`sqlite:${legacyPath}`, spec.name, legacyColumns);
    const target = await readPlainRows(targetUrl, spec.name, legacyColumns.length > 0 ? legacyColumns : ['id']);
    if (legacyColumns.length === 0) {
      expect(target.size, `${spec.name} is absent from the file`).toBe(0);
      continue;
    }
    expect(target, `rows of ${spec.name}`).toEqual(source);
    const missing = Object.entries(spec.columns).filter(([name]) => !legacyColumns.includes(name));
    if (missing.length === 0) continue;
    const withDefaults = await readPlainRows(
      targetUrl,
      spec.name,
      missing.map(([name]) => name),
    );
    for (const row of withDefaults.values()) {
      for (const [name, column] of missing)
        expect(row[name], `${spec.name}.${name} default`).toBe(plainDefault(column));
    }
  }
}

/** Two gateway-db stores hold exactly the same rows in every table. */
export async function expectSameStores(a: string, b: string): Promise<void> {
  for (const spec of tableSpecs) {
    const columns = Object.keys(spec.columns);
    expect(await readPlainRows(b, spec.name, columns), `rows of ${spec.name}`).toEqual(
      await readPlainRows(a, spec.name, columns),
    );
  }
}
