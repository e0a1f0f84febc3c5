import { join } from 'node:path';
import { buildLegacyFile, HOSTILE, type LegacyFileSummary } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSha256, migrate, silentLogger } from '../src/index.js';
import { expectLegacyContentIn } from './support/content.js';
import { editLegacyFile } from './support/edit-legacy.js';
import { createTarget, readPlainRows, tempDir } from './support/stores.js';

const ALL_ASCII = `${Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).join('')}\\'"`;

describe.each(testDialects())('hostile legacy data into %s', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let summary: LegacyFileSummary;
  let report: Awaited<ReturnType<typeof migrate>>;
  let target: Awaited<ReturnType<typeof createTarget>>;
  let before: string;

  beforeAll(async () => {
    dir = tempDir('hostile');
    file = join(dir.path, 'gateway.db');
    summary = await buildLegacyFile(file, {
      version: 'S6',
      hostile: true,
      seed: 5,
      rows: { api_requests: 30 },
      bodyBytes: 800,
    });
    // Every ASCII character, control characters included, in one value (the encoders escape only a few).
    editLegacyFile(
      file,
      'UPDATE system_config SET description = ? WHERE rowid = (SELECT min(rowid) FROM system_config)',
      [ALL_ASCII],
    );
    before = fileSha256(file);
    target = await createTarget(dialect, 'hostile');
    report = await migrate({
      from: `sqlite:${file}`,
      to: target.url,
      logger: silentLogger,
      backupDir: join(dir.path, 'backup'),
    });
  });
  afterAll(async () => {
    await target.drop();
    dir.remove();
  });

  it('copies every value exactly: MB texts, NUL characters, emoji, REAL durations, NULL flags, invalid JSON', async () => {
    expect(report.ok).toBe(true);
    await expectLegacyContentIn(file, target.url);
    const requests = await readPlainRows(target.url, 'api_requests');
    expect(requests.get(`s:${HOSTILE.ids.nulApiRequest}`)?.request_body).toBe(`s:${HOSTILE.nulRequestBody}`);
    expect(requests.get(`s:${HOSTILE.ids.nulApiRequest}`)?.response_body).toBe(`s:${HOSTILE.nulResponseBody}`);
    expect(Buffer.byteLength(requests.get(`s:${HOSTILE.ids.bigErrorApiRequest}`)?.error_message ?? '')).toBeGreaterThan(
      HOSTILE.errorMessageBytes,
    );
    const logs = await readPlainRows(target.url, 'expert_routing_logs');
    expect(Buffer.byteLength(logs.get(`s:${HOSTILE.ids.bigExpertLog}`)?.original_request ?? '')).toBeGreaterThan(
      HOSTILE.originalRequestBytes,
    );
    const models = await readPlainRows(target.url, 'models');
    expect(models.get(`s:${HOSTILE.ids.nullFlagsModel}`)?.enabled).toBeNull();
    expect([...requests.values()].some((row) => row.response_time === `n:${HOSTILE.realResponseTime}`)).toBe(true);
    const config = [...(await readPlainRows(target.url, 'system_config')).values()];
    expect(config.map((row) => row.description)).toContain(`s:${ALL_ASCII}`);
  });

  it('keeps usernames and keys that differ only by letter case or spaces apart', async () => {
    const users = [...(await readPlainRows(target.url, 'users')).values()].map((u) => u.username);
    for (const variant of ['admin', ...HOSTILE.usernameVariants]) expect(users).toContain(`s:${variant}`);
    const keys = [...(await readPlainRows(target.url, 'virtual_keys')).values()].map((k) => k.key_value);
    for (const variant of HOSTILE.keyValueVariants) expect(keys).toContain(`s:${variant}`);
  });

  it('reports dangling references with table, column and row id, and keeps them unchanged', async () => {
    const dangling = report.findings.filter((f) => f.kind === 'dangling-reference');
    expect(dangling.every((f) => f.severity === 'warning')).toBe(true);
    // Log rows naming deleted rows are history (plain references, issue 11.6): kept, and not reported.
    const isLog = (table: string) => table === 'api_requests' || table === 'expert_routing_logs';
    const configReferences = summary.danglingReferences.filter((ref) => !isLog(ref.table));
    expect(configReferences.length).toBeGreaterThan(0);
    expect(summary.danglingReferences.length).toBeGreaterThan(configReferences.length);
    expect(dangling.reduce((n, f) => n + f.count, 0)).toBe(configReferences.length);
    for (const ref of summary.danglingReferences) {
      const finding = dangling.find((f) => f.table === ref.table && f.column === ref.column);
      if (isLog(ref.table)) expect(finding).toBeUndefined();
      else expect(finding?.rowIds).toContain(ref.rowId);
      const row = (await readPlainRows(target.url, ref.table)).get(`s:${ref.rowId}`);
      expect(row?.[ref.column]).toBe(`s:${ref.value}`);
    }
  });

  it('leaves the source file unchanged, backs it up, and writes no secret into the report', () => {
    expect(fileSha256(file)).toBe(before);
    expect(fileSha256(report.backupPath ?? '')).toBe(before);
    const text = JSON.stringify(report);
    for (const secret of HOSTILE.keyValueVariants) expect(text).not.toContain(secret);
    expect(text).not.toContain(HOSTILE.nulRequestBody);
  });

  it('refuses a data-changing dangling policy that would put NULL into a NOT NULL column, before writing', async () => {
    const other = await createTarget(dialect, 'setnull');
    try {
      const error = await migrate({
        from: `sqlite:${file}`,
        to: other.url,
        logger: silentLogger,
        danglingPolicy: 'set-null',
        backupDir: false,
      }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'DATA_DOES_NOT_FIT' });
      expect(String((error as Error).message)).toMatch(
        /model_routing_rules\.portkey_gateway_id.*cannot be set to NULL/,
      );
      expect((await readPlainRows(other.url, 'users')).size).toBe(0);
    } finally {
      await other.drop();
    }
  });
});
