/**
 * Legacy text that is not UTF-8: the legacy logger cut bodies at 10,000 UTF-16 units, splitting emoji, and sql.js
 * 1.14+ stored the lone surrogate as bytes that are not UTF-8 (ED A0 BD), which the gateway read back as U+FFFD.
 * Such a file used to be refused whole (and the gateway would not start). By default it is now migrated into MySQL
 * as the text the gateway read, with every changed row and column listed and the copy verified; into SQLite as the
 * very same bytes (SQLite stores them as TEXT; the gateway reads them as before); `strictText` refuses both.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Logger, MigrationError, migrate } from '../src/index.js';
import { editLegacyFile } from './support/edit-legacy.js';
import { createTarget, readPlainRows, type TestTarget, tempDir } from './support/stores.js';

const CUT_EMOJI = Buffer.from([0xed, 0xa0, 0xbd]);
const bytesOf = (text: string) => Buffer.concat([Buffer.from(`{"content":"${text} `), CUT_EMOJI, Buffer.from('"}')]);
/** What sql.js (and every WHATWG UTF-8 decoder) shows for those bytes: one U+FFFD per bad byte here. */
const asRead = (text: string) => `{"content":"${text} \uFFFD\uFFFD\uFFFD"}`;

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) } as Logger & {
    lines: string[];
  };
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe.each(testDialects())('legacy text that is not UTF-8, into %s', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let cutIds: string[];
  let target: TestTarget;

  beforeAll(async () => {
    dir = tempDir('nonutf8');
    file = join(dir.path, 'gateway.db');
    await buildLegacyFile(file, { version: 'S6', seed: 5, rows: { api_requests: 30 }, bodyBytes: 200 });
    const db = new Database(file, { readonly: true });
    cutIds = (db.prepare('SELECT id FROM api_requests ORDER BY id LIMIT 3').pluck().all() as string[]).sort();
    db.close();
    for (const id of cutIds) {
      editLegacyFile(file, 'UPDATE api_requests SET request_body = CAST(? AS TEXT) WHERE id = ?', [bytesOf(id), id]);
    }
  });
  afterAll(() => dir.remove());
  beforeEach(async () => {
    target = await createTarget(dialect, 'nonutf8');
  });
  afterEach(async () => {
    await target.drop();
  });

  it('the planted values really are stored bytes that are not UTF-8', () => {
    const db = new Database(file, { readonly: true });
    const stored = db
      .prepare('SELECT CAST(request_body AS BLOB) FROM api_requests WHERE id = ?')
      .pluck()
      .get(cutIds[0]);
    db.close();
    expect(Buffer.isBuffer(stored) && stored.includes(CUT_EMOJI)).toBe(true);
  });

  if (dialect === 'sqlite')
    it('copies them into SQLite as the same bytes, stored as TEXT, listed as kept, and verifies the copy', async () => {
      const before = sha(file);
      const report = await migrate({
        from: `sqlite:${file}`,
        to: target.url,
        logger: recordingLogger(),
        backupDir: false,
      });
      expect(report.ok).toBe(true);
      expect(report.findings.filter((finding) => finding.kind === 'text-replaced')).toEqual([]);
      const kept = report.findings.filter((finding) => finding.kind === 'text-kept');
      expect(kept).toEqual([
        expect.objectContaining({ severity: 'info', table: 'api_requests', column: 'request_body', count: 3 }),
      ]);
      expect([...(kept[0]?.rowIds ?? [])].sort()).toEqual(cutIds);
      const db = new Database(target.url.slice('sqlite:'.length), { readonly: true });
      try {
        const read = db.prepare(
          'SELECT typeof(request_body) AS type, CAST(request_body AS BLOB) AS bytes, request_body AS text FROM api_requests WHERE id = ?',
        );
        for (const id of cutIds) {
          const row = read.get(id) as { type: string; bytes: Buffer; text: string };
          expect(row.type).toBe('text');
          expect(row.bytes.equals(bytesOf(id))).toBe(true);
          // What the gateway reads there: what it read from the legacy file.
          expect(row.text).toBe(asRead(id));
        }
      } finally {
        db.close();
      }
      expect(sha(file)).toBe(before);
    });

  if (dialect === 'mysql')
    it('migrates them as the text the gateway read, lists every changed row and column, and verifies the copy', async () => {
      const before = sha(file);
      const logger = recordingLogger();
      const report = await migrate({ from: `sqlite:${file}`, to: target.url, logger, backupDir: false });
      expect(report.ok).toBe(true);
      const replaced = report.findings.filter((finding) => finding.kind === 'text-replaced');
      expect(replaced).toEqual([
        expect.objectContaining({ severity: 'warning', table: 'api_requests', column: 'request_body', count: 3 }),
      ]);
      expect([...(replaced[0]?.rowIds ?? [])].sort()).toEqual(cutIds);
      const line = logger.lines.find((text) => text.includes('request_body') && text.includes('U+FFFD'));
      for (const id of cutIds) expect(line).toContain(id);
      const rows = await readPlainRows(target.url, 'api_requests', ['request_body']);
      for (const id of cutIds) expect(rows.get(`s:${id}`)?.request_body).toBe(`s:${asRead(id)}`);
      expect(rows.size).toBe(30);
      // The legacy file is never modified.
      expect(sha(file)).toBe(before);
    });

  it('refuses them with strictText, naming the rows, before writing anything', async () => {
    const error = await migrate({
      from: `sqlite:${file}`,
      to: target.url,
      logger: recordingLogger(),
      backupDir: false,
      strictText: true,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MigrationError);
    const message = (error as MigrationError).message;
    expect(message).toMatch(/api_requests\.request_body/);
    expect(message).toMatch(/--strict-text/);
    for (const id of cutIds) expect(message).toContain(id);
    expect((await readPlainRows(target.url, 'api_requests').catch(() => new Map())).size).toBe(0);
  });
});
