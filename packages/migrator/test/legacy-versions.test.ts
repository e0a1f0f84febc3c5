import { join } from 'node:path';
import { buildLegacyFile, LEGACY_VERSIONS } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSha256, migrate, silentLogger } from '../src/index.js';
import { expectLegacyContentIn } from './support/content.js';
import { createTarget, tempDir } from './support/stores.js';

const SMALL_ROWS = { api_requests: 40, expert_routing_logs: 8 };

describe.each(testDialects())('a legacy gateway.db into %s', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  beforeAll(() => {
    dir = tempDir('versions');
  });
  afterAll(() => dir.remove());

  it.each(LEGACY_VERSIONS)(
    'copies a file last opened by %s row for row, verified, and leaves the file untouched',
    async (version) => {
      const file = join(dir.path, `${version}.db`);
      const summary = await buildLegacyFile(file, { version, seed: 11, rows: SMALL_ROWS, bodyBytes: 600 });
      const before = fileSha256(file);
      const target = await createTarget(dialect, `v${version}`);
      try {
        const report = await migrate({
          from: `sqlite:${file}`,
          to: target.url,
          logger: silentLogger,
          backupDir: join(dir.path, 'backup', version),
        });
        expect(report.ok).toBe(true);
        for (const table of report.tables) {
          expect(table.sourceRows, table.table).toBe(summary.rowCounts[table.table] ?? 0);
          expect(table.targetRows, table.table).toBe(table.sourceRows);
          expect(table.targetChecksum, table.table).toBe(table.sourceChecksum);
          expect(table.match).toBe(true);
        }
        expect(report.findings.some((f) => f.kind === 'missing-table')).toBe(
          version === 'S1' || version === 'S2' || version === 'S3',
        );
        await expectLegacyContentIn(file, target.url);
        expect(fileSha256(file)).toBe(before);
        expect(report.backupPath).toBeDefined();
        expect(fileSha256(report.backupPath ?? '')).toBe(before);
      } finally {
        await target.drop();
      }
    },
  );
});
