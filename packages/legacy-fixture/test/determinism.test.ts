import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildLegacyFileOptions, buildLegacyFile } from '../src/index.js';
import { contentHash, openReadOnly } from './inspect-legacy-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-determinism-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function build(name: string, options: BuildLegacyFileOptions) {
  const summary = await buildLegacyFile(join(dir, name), options);
  const db = openReadOnly(summary.path);
  try {
    const fileHash = createHash('sha256')
      .update(await readFile(summary.path))
      .digest('hex');
    return { summary, rows: contentHash(db), file: fileHash };
  } finally {
    db.close();
  }
}

describe('fixture determinism', () => {
  const options: BuildLegacyFileOptions = { version: 'S4', seed: 42, hostile: true, rows: { api_requests: 120 } };

  it('builds the same rows and the same bytes from the same seed', async () => {
    const a = await build('a.db', options);
    const b = await build('b.db', options);
    expect(b.rows).toBe(a.rows);
    expect(b.file).toBe(a.file);
    expect(b.summary.danglingReferences).toEqual(a.summary.danglingReferences);
  });

  it('builds different rows from another seed', async () => {
    const a = await build('c.db', options);
    const b = await build('d.db', { ...options, seed: 43 });
    expect(b.rows).not.toBe(a.rows);
  });

  it('writes the same rows with better-sqlite3 as with sql.js', async () => {
    const legacy = await build('sqljs.db', { ...options, engine: 'sql.js' });
    const streamed = await build('better.db', { ...options, engine: 'better-sqlite3' });
    expect(streamed.summary.engine).toBe('better-sqlite3');
    expect(streamed.rows).toBe(legacy.rows);
    expect(streamed.summary.rowCounts).toEqual(legacy.summary.rowCounts);
  });

  it('does not change the users when more api_requests are asked for', async () => {
    const users = async (name: string, apiRequests: number) => {
      const { summary } = await build(name, { seed: 7, rows: { api_requests: apiRequests } });
      const db = openReadOnly(summary.path);
      try {
        return db.prepare('SELECT * FROM users ORDER BY rowid').all();
      } finally {
        db.close();
      }
    };
    expect(await users('few.db', 10)).toEqual(await users('many.db', 300));
  });
});
