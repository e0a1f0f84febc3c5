import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MYSQL_TABLE_OPTIONS, tablesMissingOptions } from './mysql-table-options.js';
import { generateDdl, sqlFiles } from './run-drizzle-kit.js';

describe('generateDdl (pnpm db:generate)', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'kit-generate-'));
  // drizzle-kit's loader keeps a cache in TMPDIR: inside the scratch folder, it goes with it.
  const previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = scratch;
  afterAll(() => {
    process.env.TMPDIR = previousTmpdir;
    rmSync(scratch, { recursive: true, force: true });
  });

  it('writes the MySQL migration into an absolute out folder, with the table options added', () => {
    const out = join(scratch, 'fresh');
    const output = generateDdl('mysql', out);
    expect(output).toMatch(/Your SQL migration file/);
    const [file, ...others] = sqlFiles(out);
    expect(others).toEqual([]);
    const sql = readFileSync(file ?? '', 'utf8');
    expect(sql).toContain(`) ${MYSQL_TABLE_OPTIONS};`);
    expect(tablesMissingOptions(sql)).toEqual([]);
  });

  it("fails with drizzle-kit's own output when drizzle-kit reports an error but exits 0", () => {
    // A snapshot that is not JSON: drizzle-kit prints the SyntaxError and exits 0 without writing anything.
    const out = join(scratch, 'broken');
    mkdirSync(join(out, 'meta'), { recursive: true });
    writeFileSync(join(out, 'meta', '_journal.json'), JSON.stringify({ version: '7', dialect: 'sqlite', entries: [] }));
    writeFileSync(join(out, 'meta', '0000_snapshot.json'), '{not json');
    expect(() => generateDdl('sqlite', out)).toThrow(
      /drizzle-kit generate for sqlite failed: it exited 0[\s\S]*SyntaxError/,
    );
    expect(sqlFiles(out)).toEqual([]);
  });
});
