/**
 * Where a resumed copy continues inside a table: the primary key of the last row copied, as the bytes the source
 * stored. Every key of the schema is text (`col.key`: TEXT on SQLite, VARBINARY on MySQL) and every pass reads in
 * primary-key order, which is byte order on both: SQLite's BINARY collation compares the stored UTF-8 bytes, MySQL
 * compares VARBINARY bytes. So "after the cursor" is a byte comparison on both dialects, written so the index on
 * the key still serves it (`id > CAST(x'..' AS TEXT)` on SQLite, `id > x'..'` on MySQL): the comparison is the
 * very one the ORDER BY uses, and the cursor keeps the source's bytes exactly, even when they are not UTF-8.
 */
import type { Dialect } from '@gateway-db/schema';
import { type SQL, sql } from 'drizzle-orm';
import type { TablePlan } from './plan.js';

/** The stored bytes of the last copied key. */
export type KeyCursor = Buffer;

/** The cursor for a raw key as the reader returned it (a string, or a Buffer for bytes that are not UTF-8). */
export function cursorOf(rawKey: unknown): KeyCursor | undefined {
  if (typeof rawKey === 'string') return Buffer.from(rawKey, 'utf8');
  if (Buffer.isBuffer(rawKey)) return Buffer.from(rawKey);
  // NULL or a number in a key column: no position to continue from; the table is copied again from its start.
  return undefined;
}

/** As kept in the import state (`resume_after`): base64 of the bytes. */
export function encodeCursor(cursor: KeyCursor): string {
  return cursor.toString('base64');
}

export function decodeCursor(text: string | null | undefined): KeyCursor | undefined {
  return text ? Buffer.from(text, 'base64') : undefined;
}

/** `key > cursor` on `dialect`, in the order the row query reads (see above). */
export function afterCursor(dialect: Dialect, plan: TablePlan, cursor: KeyCursor): SQL {
  const key = plan.primaryKey.drizzle[dialect];
  // SQLite would compare a BLOB parameter after every TEXT value: the bytes are turned back into TEXT first.
  return dialect === 'sqlite' ? sql`${key} > CAST(${cursor} AS TEXT)` : sql`${key} > ${cursor}`;
}
