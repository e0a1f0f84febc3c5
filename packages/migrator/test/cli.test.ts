import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLegacyFile, writeTruncatedCopy } from '@gateway-db/legacy-fixture';
import { tableSpecs } from '@gateway-db/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationReport } from '../src/index.js';
import { runCli } from './support/run-cli.js';
import { tempDir } from './support/stores.js';

describe('pnpm migrate (the CLI, not on a terminal)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  beforeAll(async () => {
    dir = tempDir('cli');
    file = join(dir.path, 'gateway.db');
    await buildLegacyFile(file, { version: 'S5', seed: 8, rows: { api_requests: 25 }, bodyBytes: 400 });
  });
  afterAll(() => dir.remove());

  it('migrates from DB_PATH to the configured SQLite store by default, logs the guide lines, writes the report', async () => {
    const reportFile = join(dir.path, 'report.json');
    const result = await runCli(['--report', reportFile, '--backup-dir', join(dir.path, 'backup')], {
      DB_PATH: file,
      DB_DIALECT: 'sqlite',
      SQLITE_PATH: join(dir.path, 'gateway.sqlite'),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[Migration] 迁移进度: users (3/3)');
    expect(result.stdout).toMatch(new RegExp(`\\[Migration\\] 数据迁移完成: ${tableSpecs.length} 个表, 共 \\d+ 行`));
    expect(result.stdout).toContain(`[Migration] 已备份原数据库到: ${join(dir.path, 'backup')}`);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MigrationReport;
    expect(report.ok).toBe(true);
    const requests = report.tables.find((t) => t.table === 'api_requests');
    expect(requests).toMatchObject({ sourceRows: 25, targetRows: 25, match: true });
    expect(requests?.sourceChecksum).toMatch(/^[0-9a-f]{40}$/);
    expect(requests?.targetChecksum).toBe(requests?.sourceChecksum);
    expect(requests?.bytes).toBeGreaterThan(25 * 400);
    expect(typeof requests?.seconds).toBe('number');
    expect(report.findings.some((f) => f.kind === 'missing-column' && f.column === 'disable_logging')).toBe(true);
  });

  it('with --quiet prints no progress or info lines, and --log-file keeps every line with a timestamp', async () => {
    const logFile = join(dir.path, 'migrate.log');
    const result = await runCli(['--quiet', '--log-file', logFile, '--no-backup'], {
      DB_PATH: file,
      DB_DIALECT: 'sqlite',
      SQLITE_PATH: join(dir.path, 'quiet.sqlite'),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('迁移进度');
    expect(result.stdout).not.toContain('[Migration] 数据迁移完成');
    // The final report is still printed.
    expect(result.stdout).toMatch(/api_requests/);
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');
    expect(lines.some((line) => /^\d{4}-\d\d-\d\dT[\d:.]+Z info \[Migration\] 数据迁移完成/.test(line))).toBe(true);
    expect(lines.some((line) => line.includes('迁移进度'))).toBe(false);
  });

  it('exits non-zero with `[Migration] 数据迁移失败: <reason>` on a damaged file', async () => {
    const truncated = join(dir.path, 'truncated.db');
    await writeTruncatedCopy(file, truncated);
    const result = await runCli(['--from', `sqlite:${truncated}`, '--to', `sqlite:${join(dir.path, 'never.sqlite')}`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\[Migration\] 数据迁移失败: .*(truncated|damaged)/);
  });

  it('exits with 2 on an unknown option', async () => {
    const result = await runCli(['--frm', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('pnpm migrate');
  });

  it('exits with 2 on a store URL given without --from/--to, never echoing its password', async () => {
    const result = await runCli(['mysql://admin:cli-url-secret-771@127.0.0.1:3306/llm_gateway']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--from SRC and --to DST');
    expect(`${result.stdout}${result.stderr}`).not.toContain('cli-url-secret-771');
  });

  it('puts the request logs into the configured LOG_DB_URL when --to is not given, and back with --log-from', async () => {
    const main = join(dir.path, 'split-main.sqlite');
    const logs = join(dir.path, 'split-logs.sqlite');
    const reportFile = join(dir.path, 'split-report.json');
    const result = await runCli(['--no-backup', '--quiet', '--report', reportFile], {
      DB_PATH: file,
      DB_DIALECT: 'sqlite',
      SQLITE_PATH: main,
      LOG_DB_URL: `sqlite:${logs}`,
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MigrationReport;
    expect(report.parts).toEqual([
      { part: 'config', from: `sqlite:${file}`, to: `sqlite:${main}` },
      { part: 'logs', from: `sqlite:${file}`, to: `sqlite:${logs}` },
    ]);
    expect(report.tables.find((t) => t.table === 'api_requests')).toMatchObject({ targetRows: 25, match: true });

    const back = join(dir.path, 'split-back.sqlite');
    const rollback = await runCli(
      ['--from', `sqlite:${main}`, '--log-from', `sqlite:${logs}`, '--to', `sqlite:${back}`, '--quiet'],
      { LOG_DB_URL: `sqlite:${join(dir.path, 'unused-logs.sqlite')}` },
    );
    expect(rollback.code).toBe(0);
    expect(rollback.stdout).toContain(`migrate sqlite:${main}, request logs: sqlite:${logs} -> sqlite:${back}: OK`);
  });

  it('prints a line per option with examples for --help, and its version for --version', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    for (const option of [
      '--from SRC',
      '--to DST',
      '--log-to DST',
      '--log-from SRC',
      '--dry-run',
      '--verify-only',
      '--resume',
      '--replace',
      '--report FILE',
      '--leave-out NAME',
      '--dangling POLICY',
      '--backup-dir DIR',
      '--no-backup',
      '--connections N',
      '--batch-bytes N',
      '--version',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  (-h, )?${option.replace(/[-]/g, '\\-')} +\\S`, 'm'));
    }
    expect(help.stdout).toMatch(/^Examples:$/m);
    expect(help.stdout).toMatch(/^Exit codes: 0 /m);
    const version = await runCli(['--version']);
    expect(version.code).toBe(0);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(version.stdout.trim()).toBe(`gateway-db migrator ${manifest.version}`);
  });
});
