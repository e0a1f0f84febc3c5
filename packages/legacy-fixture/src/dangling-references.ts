import type { LegacyTableName } from '@gateway-db/schema';
import type { LegacyDatabase } from './legacy-database.js';
import { type LegacyVersion, legacyForeignKeys } from './legacy-schema.js';

/** A row whose declared foreign key points at a row that does not exist (never enforced by the legacy builds). */
export interface DanglingReference {
  readonly table: LegacyTableName;
  readonly column: string;
  readonly referencedTable: LegacyTableName;
  readonly rowId: string;
  readonly value: string;
}

/** Found by querying the finished file, so the summary is what is on disk, not what was meant to be. */
export function findDanglingReferences(db: LegacyDatabase, version: LegacyVersion): DanglingReference[] {
  return legacyForeignKeys(version).flatMap((fk) =>
    db
      .queryAll(
        `SELECT c.id AS row_id, c.${fk.column} AS value FROM ${fk.table} c ` +
          `WHERE c.${fk.column} IS NOT NULL ` +
          `AND NOT EXISTS (SELECT 1 FROM ${fk.referencedTable} p WHERE p.id = c.${fk.column}) ORDER BY c.id`,
      )
      .map((row) => ({
        table: fk.table,
        column: fk.column,
        referencedTable: fk.referencedTable,
        rowId: String(row.row_id),
        value: String(row.value),
      })),
  );
}
