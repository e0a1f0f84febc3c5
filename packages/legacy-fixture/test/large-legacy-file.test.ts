import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLargeLegacyFile, buildLegacyFile } from '../src/index.js';
import { columnsWithTypes, openReadOnly, sqliteAccepts } from './inspect-legacy-file.js';
import { expectedColumns } from './spec-expectations.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'legacy-large-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildLargeLegacyFile', () => {
  // 5,000 rows span several 2,000-row batches; the 100,000-row default is measured by hand, not in CI.
  it('streams an S6 file in batches with the spec columns and the rows asked for', async () => {
    const summary = await buildLargeLegacyFile(join(dir, 'large.db'), {
      rows: { api_requests: 5_000, expert_routing_logs: 50 },
      bodyBytes: 1024,
    });
    expect(summary.engine).toBe('better-sqlite3');
    expect(summary.rowCounts.api_requests).toBe(5_000);
    expect(sqliteAccepts(summary.path)).toBe(true);
    const db = openReadOnly(summary.path);
    try {
      for (const [table, columns] of Object.entries(expectedColumns('S6'))) {
        expect(columnsWithTypes(db, table), table).toEqual(columns);
      }
      const average = db.prepare('SELECT avg(length(CAST(request_body AS BLOB))) FROM api_requests').pluck().get();
      expect(average).toBeGreaterThan(800);
      expect(average).toBeLessThan(1_300);
    } finally {
      db.close();
    }
  });
});

describe('buildLegacyFile options', () => {
  it('refuses an extra column on a table the version does not have', async () => {
    await expect(
      buildLegacyFile(join(dir, 'bad.db'), { version: 'S2', extraColumn: { table: 'portkey_gateways', column: 'x' } }),
    ).rejects.toThrow(/does not exist in a S2 file/);
  });
});
