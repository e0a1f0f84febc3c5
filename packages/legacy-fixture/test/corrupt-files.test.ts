import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLegacyFile, writeNotSqliteFile, writeTruncatedCopy } from '../src/index.js';
import { openReadOnly, sqliteAccepts } from './inspect-legacy-file.js';

let dir: string;
let source: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-corrupt-'));
  source = (await buildLegacyFile(join(dir, 'gateway.db'), { hostile: true })).path;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('broken legacy files', () => {
  it('starts from a file SQLite accepts', () => {
    expect(sqliteAccepts(source)).toBe(true);
  });

  it('rejects a copy cut in the middle (the default cut)', async () => {
    const target = join(dir, 'half.db');
    const cut = await writeTruncatedCopy(source, target);
    expect((await stat(target)).size).toBe(cut);
    expect(sqliteAccepts(target)).toBe(false);
  });

  it.each([100, 4096 + 17, 0.9])('rejects a copy cut at %s', async (at) => {
    const size = (await stat(source)).size;
    const bytes = at < 1 ? Math.floor(size * at) : at;
    const target = join(dir, `cut-${bytes}.db`);
    await writeTruncatedCopy(source, target, bytes);
    expect(sqliteAccepts(target)).toBe(false);
  });

  it('rejects a file that is not SQLite at all', async () => {
    const target = join(dir, 'not-sqlite.db');
    await writeNotSqliteFile(target);
    expect(sqliteAccepts(target)).toBe(false);
    expect(() => openReadOnly(target).prepare('SELECT count(*) FROM sqlite_master').get()).toThrow(/not a database/);
  });

  it('refuses to "truncate" at or beyond the file size', async () => {
    const size = (await stat(source)).size;
    await expect(writeTruncatedCopy(source, join(dir, 'whole.db'), size)).rejects.toThrow(/cannot truncate/);
  });
});
