/**
 * The secret values a fixture file holds (password hashes, provider api keys, virtual key values and hashes,
 * Portkey gateway api keys), computed from the same row builders as `buildLegacyFile` without writing a file, so
 * a leak check can look for them in logs and reports.
 */
import type { LegacyTableName } from '@gateway-db/schema';
import { type BuildLegacyFileOptions, legacyRowContext } from './build-legacy-file.js';
import { buildHostileRows } from './hostile-rows.js';
import type { LegacyRow } from './legacy-database.js';
import { buildTableRows } from './legacy-rows.js';
import { legacyTableNames } from './legacy-schema.js';

/** The columns whose values are secrets, per table. */
export const LEGACY_SECRET_COLUMNS = {
  users: ['password_hash'],
  providers: ['api_key'],
  virtual_keys: ['key_value', 'key_hash'],
  portkey_gateways: ['api_key'],
} as const satisfies Partial<Record<LegacyTableName, readonly string[]>>;

export interface LegacySecret {
  /** `table.column` the value is stored in. */
  readonly column: string;
  readonly value: string;
}

type SecretTable = keyof typeof LEGACY_SECRET_COLUMNS;
const SECRET_TABLES = Object.keys(LEGACY_SECRET_COLUMNS) as SecretTable[];

/** Every secret `buildLegacyFile(path, options)` writes (the traffic tables hold none), in a stable order. */
export function legacySecrets(options: BuildLegacyFileOptions = {}): LegacySecret[] {
  const present = new Set<string>(legacyTableNames(options.version ?? 'S6'));
  const { ctx } = legacyRowContext(options);
  const tableRows = buildTableRows(ctx);
  // Materialized arrays for these tables: iterating them again yields the same rows.
  const rows = new Map<SecretTable, LegacyRow[]>(
    SECRET_TABLES.map((table) => [table, [...tableRows[table]].map((placed) => placed.row)]),
  );
  const deleted = new Set<string>();
  if (options.hostile) {
    const hostile = buildHostileRows(
      ctx,
      (rows.get('users') ?? []).map((row) => String(row.username)),
    );
    for (const table of SECRET_TABLES) if (present.has(table)) rows.get(table)?.push(...(hostile.rows[table] ?? []));
    // Parents the hostile build deletes again (to leave dangling references) are not in the file.
    for (const { table, id } of hostile.deletions) deleted.add(`${table}|${id}`);
  }
  const secrets: LegacySecret[] = [];
  for (const table of SECRET_TABLES) {
    for (const row of rows.get(table) ?? []) {
      if (deleted.has(`${table}|${String(row.id)}`)) continue;
      for (const column of LEGACY_SECRET_COLUMNS[table]) {
        const value = row[column];
        if (typeof value === 'string') secrets.push({ column: `${table}.${column}`, value });
      }
    }
  }
  return secrets;
}
