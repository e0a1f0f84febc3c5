import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildLegacyFileOptions, buildLegacyFile, LEGACY_SECRET_COLUMNS, legacySecrets } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-secrets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `table.column=value` of every secret column the built file holds, sorted. */
function secretsInFile(path: string): string[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const tables = new Set(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]);
    return Object.entries(LEGACY_SECRET_COLUMNS)
      .flatMap(([table, columns]) =>
        !tables.has(table)
          ? []
          : columns.flatMap((column) =>
              (
                db.prepare(`SELECT "${column}" FROM "${table}" WHERE "${column}" IS NOT NULL`).pluck().all() as string[]
              ).map((v) => `${table}.${column}=${v}`),
            ),
      )
      .sort();
  } finally {
    db.close();
  }
}

describe('legacySecrets', () => {
  const cases: [string, BuildLegacyFileOptions][] = [
    ['S6 with hostile rows', { version: 'S6', seed: 5, hostile: true, rows: { api_requests: 5 } }],
    ['S2 created fresh', { version: 'S2', history: 'fresh', seed: 21, rows: { api_requests: 5, virtual_keys: 13 } }],
    ['S4 upgraded, hostile, no users', { version: 'S4', seed: 42, hostile: true, rows: { users: 0, api_requests: 5 } }],
  ];
  it.each(cases)('lists exactly the secrets buildLegacyFile writes (%s)', async (name, options) => {
    const path = join(dir, `${name.replaceAll(' ', '-')}.db`);
    await buildLegacyFile(path, options);
    const listed = legacySecrets(options)
      .map(({ column, value }) => `${column}=${value}`)
      .sort();
    expect(listed.length).toBeGreaterThan(5);
    expect(listed).toEqual(secretsInFile(path));
  });
});
