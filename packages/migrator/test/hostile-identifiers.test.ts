/**
 * A legacy file whose unknown tables and columns carry hostile names (quotes of every dialect, `;`, `--`, comment markers,
 * spaces, Unicode look-alikes, a newline) cannot inject SQL into the migration: the run refuses before writing,
 * naming each one exactly and printably; leaving them out by name imports the known data verified; the target ends
 * with exactly its tables and the source file is byte-identical.
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { legacyTableSpecs, tableSpecs } from '@gateway-db/schema';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  describeFinding,
  fileSha256,
  IMPORT_STATE_TABLE,
  type MigrateOptions,
  MigrationError,
  migrate,
  silentLogger,
} from '../src/index.js';
import { GATEWAY_DB_MIGRATIONS_TABLE } from '../src/plan.js';
import {
  HOSTILE_COLUMNS,
  HOSTILE_TABLES,
  listTargetTables,
  plantHostileIdentifiers,
  plantSqlValues,
  renameColumn,
  SQL_VALUES,
} from './support/hostile-identifiers.js';
import { createTarget, readPlainRows, sqliteColumns, type TestTarget, tempDir } from './support/stores.js';

const GATEWAY_TABLES = tableSpecs.map((spec) => spec.name).sort();
const ALL_NAMES = [...HOSTILE_TABLES, ...HOSTILE_COLUMNS.map(({ table, column }) => `${table}.${column}`)];

async function refusal(options: MigrateOptions): Promise<MigrationError> {
  const error = await migrate({ logger: silentLogger, backupDir: false, ...options }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MigrationError);
  return error as MigrationError;
}

describe.each(testDialects())('hostile table and column names in a legacy file, into %s', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let fileHash: string;
  let target: TestTarget;

  /** Exactly the gateway tables plus the bookkeeping the migrator and gateway-db keep: nothing created or dropped. */
  const expectOnlyGatewayTables = async () => {
    const tables = (await listTargetTables(target.url)).filter(
      (t) => t !== GATEWAY_DB_MIGRATIONS_TABLE && t !== IMPORT_STATE_TABLE,
    );
    expect(tables).toEqual(GATEWAY_TABLES);
  };
  const expectEmptyTarget = async () => {
    for (const table of GATEWAY_TABLES) expect((await readPlainRows(target.url, table)).size, table).toBe(0);
  };

  beforeAll(async () => {
    dir = tempDir('hostile-names');
    const base = join(dir.path, 'base.db');
    await buildLegacyFile(base, {
      version: 'S6',
      seed: 31,
      rows: { api_requests: 20, expert_routing_logs: 4 },
      bodyBytes: 300,
    });
    // The generated file stays as built; every edit goes to a copy.
    file = join(dir.path, 'hostile.db');
    copyFileSync(base, file);
    plantSqlValues(file);
    plantHostileIdentifiers(file);
    fileHash = fileSha256(file);
  });
  afterAll(() => dir.remove());
  beforeEach(async () => {
    target = await createTarget(dialect, 'names');
  });
  afterEach(async () => {
    await target.drop();
  });

  it('refuses before writing, naming every unknown table and column exactly, on one printable line', async () => {
    const error = await refusal({ from: `sqlite:${file}`, to: target.url });
    expect(error.code).toBe('LEGACY_FILE');
    expect(error.message).not.toMatch(/[\r\n\u2028\u2029]/);
    expect(error.message).toContain(`"brackets]; DROP TABLE providers; [x": table unknown to the schema`);
    const findings = error.report?.findings ?? [];
    // The exact names, not normalized, trimmed or case-folded.
    expect(
      findings
        .filter((f) => f.kind === 'unknown-table')
        .map((f) => f.table)
        .sort(),
    ).toEqual([...HOSTILE_TABLES].sort());
    const columns = findings.filter((f) => f.kind === 'unknown-column').map((f) => `${f.table}.${f.column ?? ''}`);
    expect(columns.sort()).toEqual(HOSTILE_COLUMNS.map(({ table, column }) => `${table}.${column}`).sort());
    for (const finding of findings) expect(describeFinding(finding)).not.toMatch(/[\r\n]/);
    const dropUsers = findings.find((f) => f.table === 'users; DROP TABLE users; --');
    expect(dropUsers && describeFinding(dropUsers)).toMatch(
      /^"users; DROP TABLE users; --": table unknown to the schema/,
    );
    const forged = findings.find((f) => f.table.includes('\n'));
    expect(forged && describeFinding(forged)).toContain('"line one\\u{a}[Migration]');
    expect(forged?.reason).toContain(`--leave-out $'line one\\U0000000a[Migration]`);
    // A name that would run a second shell command is handed over single-quoted.
    expect(findings.find((f) => f.table === 'a`b')?.reason).toContain("--leave-out 'a`b'");
    await expectEmptyTarget();
    await expectOnlyGatewayTables();
    expect(fileSha256(file)).toBe(fileHash);
  });

  it('imports the known data verified, SQL-looking values byte-identical, when the unknown names are left out', async () => {
    const report = await migrate({
      from: `sqlite:${file}`,
      to: target.url,
      logger: silentLogger,
      backupDir: false,
      leaveOut: ALL_NAMES,
    });
    expect(report.ok).toBe(true);
    expect(report.tables.map((t) => t.table).sort()).toEqual(GATEWAY_TABLES);
    for (const table of report.tables) expect(table.match, table.table).toBe(true);
    expect(report.findings.filter((f) => f.kind === 'left-out')).toHaveLength(ALL_NAMES.length);
    for (const spec of legacyTableSpecs) {
      // The file's own columns that the schema knows: `virtual_keys.key_value` is copied, `key_value ` is not.
      const columns = sqliteColumns(file, spec.name).filter((c) => c in spec.columns);
      expect(columns).toContain(Object.keys(spec.columns)[0]);
      const source = await readPlainRows(`sqlite:${file}`, spec.name, columns);
      expect(source.size, spec.name).toBeGreaterThan(0);
      expect(await readPlainRows(target.url, spec.name, columns), spec.name).toEqual(source);
    }
    for (const [table, column, value] of SQL_VALUES) {
      const values = [...(await readPlainRows(target.url, table, [column])).values()].map((row) => row[column]);
      expect(values, `${table}.${column}`).toContain(`s:${value}`);
    }
    await expectOnlyGatewayTables();
    expect(fileSha256(file)).toBe(fileHash);
  });

  it('leaves out only the exact name: a look-alike, a case variant or a known name does not cover it', async () => {
    const lookAlikes = ['usеrs', 'virtual_keys.key_valuе'];
    const leaveOut = [
      ...ALL_NAMES.filter((name) => !lookAlikes.includes(name)),
      // The real names the look-alikes imitate, and case variants: none of them may match.
      'users',
      'virtual_keys.key_value',
      'USЕRS',
      'Virtual_Keys.Key_Valuе',
    ];
    const error = await refusal({ from: `sqlite:${file}`, to: target.url, leaveOut });
    expect(error.code).toBe('LEGACY_FILE');
    const unknown = (error.report?.findings ?? []).filter((f) => f.severity === 'error');
    expect(unknown.map((f) => (f.column === undefined ? f.table : `${f.table}.${f.column}`)).sort()).toEqual(
      [...lookAlikes].sort(),
    );
    await expectEmptyTarget();
    await expectOnlyGatewayTables();
  });

  it('refuses a known column renamed to another letter case instead of reading it as the real one', async () => {
    // SQLite cannot hold `prompt_config` and `Prompt_Config` side by side: the variant replaces the real column.
    const renamed = join(dir.path, 'renamed.db');
    copyFileSync(file, renamed);
    renameColumn(renamed, 'models', 'prompt_config', 'Prompt_Config');
    const error = await refusal({ from: `sqlite:${renamed}`, to: target.url, leaveOut: ALL_NAMES });
    expect(error.code).toBe('LEGACY_FILE');
    expect(error.message).toContain(
      'models.Prompt_Config: column unknown to the schema (use --leave-out models.Prompt_Config to skip it)',
    );
    expect(error.report?.findings).toContainEqual(
      expect.objectContaining({ kind: 'missing-column', table: 'models', column: 'prompt_config' }),
    );
    await expectEmptyTarget();
    await expectOnlyGatewayTables();
  });
});
