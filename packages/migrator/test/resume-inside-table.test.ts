/**
 * `--resume` continues inside the table it was copying when the run stopped, after the last committed key, not
 * from the table's first row; and the verification at the end still checks every row.
 */
import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MigrationReport, migrate, type ProgressListener, silentLogger } from '../src/index.js';
import { expectLegacyContentIn } from './support/content.js';
import { idsInKeyOrder, importStateRows, rewindCursor } from './support/import-state-rows.js';
import { createTarget, tempDir } from './support/stores.js';

const ROWS = 6000;

/** Aborts the run once `rows` rows of api_requests were written. */
function stopAfter(rows: number, controller: AbortController): ProgressListener {
  let written = 0;
  return {
    phaseStarted() {},
    tableStarted() {},
    tableDone() {},
    phaseDone() {},
    rowsDone(phase, table, count) {
      if (phase !== 'copy' || table !== 'api_requests') return;
      written += count;
      if (written >= rows) controller.abort();
    },
  };
}

describe.each(testDialects())('a stopped import into %s, resumed', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  beforeAll(async () => {
    dir = tempDir('resume-inside');
    file = join(dir.path, 'gateway.db');
    await buildLegacyFile(file, {
      version: 'S6',
      hostile: true,
      seed: 21,
      rows: { api_requests: ROWS },
      bodyBytes: 300,
      engine: 'better-sqlite3',
    });
  });
  afterAll(() => dir.remove());

  it('continues api_requests after its last committed key, even with rows past it, and verifies every row', async () => {
    const target = await createTarget(dialect, 'resume_inside');
    try {
      const controller = new AbortController();
      const stopped = await migrate({
        from: `sqlite:${file}`,
        to: target.url,
        logger: silentLogger,
        backupDir: false,
        // Small statements, so MySQL's writers commit on their own between checkpoints, as in a large copy.
        batchBytes: 16 * 1024,
        progress: stopAfter(ROWS / 3, controller),
        signal: controller.signal,
      }).catch((error: unknown) => error as { code?: string; report?: MigrationReport });
      expect(stopped).toMatchObject({ code: 'INTERRUPTED', report: { resumable: true } });

      const state = await importStateRows(target.url);
      expect(state).toContainEqual({ name: '_run', state: 'copying', resume_after: null });
      const progress = state.find((row) => row.name === 'api_requests');
      expect(progress).toMatchObject({ state: 'copying', resume_after: expect.any(String) });
      const stoppedAfter = await idsInKeyOrder(target.url, 'api_requests');
      expect(stoppedAfter.length).toBeGreaterThanOrEqual(ROWS / 3);
      expect(stoppedAfter.length).toBeLessThan(ROWS);
      // The recorded key is the last row committed.
      expect(Buffer.from(progress?.resume_after ?? '', 'base64')).toEqual(stoppedAfter.at(-1));

      // As if the run had died after more rows were committed but before their key was recorded: those rows
      // are past the recorded key, and the resumed run must remove them rather than trip over them.
      const kept = Math.floor(stoppedAfter.length / 2);
      const rewindTo = stoppedAfter[kept - 1];
      if (rewindTo === undefined) throw new Error('no rows were copied');
      await rewindCursor(target.url, 'api_requests', rewindTo);

      const resumed = await migrate({
        from: `sqlite:${file}`,
        to: target.url,
        logger: silentLogger,
        backupDir: false,
        resume: true,
      });
      const requests = resumed.tables.find((t) => t.table === 'api_requests');
      // The hostile rows come on top of the ordinary ones.
      const total = requests?.sourceRows ?? 0;
      expect(total).toBeGreaterThanOrEqual(ROWS);
      expect(requests).toMatchObject({ targetRows: total, match: true, resumedRows: kept });
      // Not restarted from row 0: only the rest was copied.
      expect(requests?.copiedRows).toBe(total - kept);
      // Tables finished before the stop were not copied again.
      expect(resumed.tables.find((t) => t.table === 'users')?.copiedRows).toBeUndefined();
      expect(resumed.tables.every((t) => t.match)).toBe(true);
      expect(await importStateRows(target.url)).toContainEqual({ name: '_run', state: 'verified', resume_after: null });
      await expectLegacyContentIn(file, target.url);
    } finally {
      await target.drop();
    }
  });
});
