/**
 * A store whose import state table an older migrator made (no `resume_after` column): the start-up check must
 * still see an unfinished import there, or a gateway would open a half-copied store as if it were complete.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { readRunMarker, tableProgress } from '../src/import-state.js';
import { sqliteClient } from '../src/sqlite/sqlite-client.js';

const folder = mkdtempSync(join(tmpdir(), 'gwtest_oldstate-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

it('reads the run marker of a state table made before resume_after existed, and adds the column when asked', async () => {
  const db = new Database(join(folder, 'store.sqlite'));
  try {
    db.exec(`CREATE TABLE gateway_db_import_state (name TEXT PRIMARY KEY, state TEXT NOT NULL, source TEXT NOT NULL,
      fingerprint TEXT NOT NULL, updated_at INTEGER NOT NULL)`);
    db.prepare('INSERT INTO gateway_db_import_state VALUES (?, ?, ?, ?, ?)').run('_run', 'copying', 'a', 'fp', 1);
    db.prepare('INSERT INTO gateway_db_import_state VALUES (?, ?, ?, ?, ?)').run('users', 'copied', '', 'fp', 2);
    const client = sqliteClient({
      all: async (query, params) =>
        db
          .prepare(query)
          .raw()
          .all(...params) as unknown[][],
      run: async (query, params) => void db.prepare(query).run(...params),
    });
    expect(await readRunMarker(client)).toMatchObject({ state: 'copying', source: 'a', fingerprint: 'fp' });
    await client.importState.create();
    expect((await tableProgress(client, 'fp')).copied).toEqual(new Set(['users']));
  } finally {
    db.close();
  }
});
