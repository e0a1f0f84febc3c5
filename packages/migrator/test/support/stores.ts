/**
 * Test helpers: a fresh target per test on each dialect (as a migrator endpoint), and an independent reader of
 * every row through the bare drivers (not the migrator's codec), to prove content identical store to store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '@gateway-db/schema';
import { createTestDatabase } from '@gateway-db/test-support';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';

export interface TestTarget {
  readonly dialect: Dialect;
  /** `sqlite:PATH` or `mysql://...` */
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTarget(dialect: Dialect, label = 'target'): Promise<TestTarget> {
  const db = await createTestDatabase(dialect, label);
  const url = dialect === 'sqlite' ? `sqlite:${db.sqlitePath}` : (db.mysql?.url ?? '');
  return { dialect, url, drop: () => db.drop() };
}

export function tempDir(label: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `migrator-${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A value as text, independent of the driver: bytes as UTF-8, numbers in their decimal form. */
function plain(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return `s:${value.toString('utf8')}`;
  if (typeof value === 'string') return `s:${value}`;
  return `n:${String(value)}`;
}

export type PlainRows = Map<string, Record<string, string | null>>;

/** Every row of `table` keyed by id (or `key`), each column as `plain` text. Missing table: empty. */
export async function readPlainRows(url: string, table: string, columns?: readonly string[]): Promise<PlainRows> {
  const rows: Record<string, unknown>[] = [];
  if (url.startsWith('sqlite:')) {
    const db = new Database(url.slice('sqlite:'.length), { readonly: true, fileMustExist: true });
    try {
      db.defaultSafeIntegers(true);
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?").get(table);
      if (exists) rows.push(...(db.prepare(`SELECT * FROM \`${table}\``).all() as Record<string, unknown>[]));
    } finally {
      db.close();
    }
  } else {
    const conn = await mysql.createConnection({
      uri: url,
      charset: 'UTF8MB4_UNICODE_CI',
      // BIGINT as an exact bigint, like better-sqlite3's safeIntegers.
      typeCast: (field, next) => {
        if (field.type !== 'LONGLONG') return next();
        const text = field.string();
        return text === null ? null : BigInt(text);
      },
    });
    try {
      const [result] = await conn.query(`SELECT * FROM \`${table}\``);
      rows.push(...(result as Record<string, unknown>[]));
    } finally {
      await conn.end();
    }
  }
  const out: PlainRows = new Map();
  for (const row of rows) {
    const id = plain(row.id ?? row.key) ?? 'null';
    const picked: Record<string, string | null> = {};
    for (const column of columns ?? Object.keys(row)) picked[column] = plain(row[column]);
    out.set(id, picked);
  }
  return out;
}

/** The column names of a table in a SQLite file (the legacy file's own columns). */
export function sqliteColumns(path: string, table: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[]).map((r) => r.name);
  } finally {
    db.close();
  }
}
