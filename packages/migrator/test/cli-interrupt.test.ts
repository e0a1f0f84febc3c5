/**
 * Ctrl-C during `pnpm migrate`: the CLI stops at a batch boundary in the middle of a large table, keeps what it
 * copied, prints the exact command that continues it and exits with 130; that command copies only the rest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MigrationReport } from '../src/index.js';
import { expectLegacyContentIn } from './support/content.js';
import { runCli, startCli } from './support/run-cli.js';
import { createTarget, type TestTarget, tempDir } from './support/stores.js';

const ROWS = 40_000;
const PROGRESS = /迁移进度: api_requests \((\d+)\/(\d+)\)/;

describe('pnpm migrate stopped with Ctrl-C (SQLite target)', () => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let target: TestTarget;
  beforeAll(async () => {
    dir = tempDir('cli-interrupt');
    file = join(dir.path, 'gateway.db');
    await buildLegacyFile(file, {
      version: 'S6',
      seed: 30,
      rows: { api_requests: ROWS },
      bodyBytes: 200,
      engine: 'better-sqlite3',
    });
    target = await createTarget('sqlite', 'cli_interrupt');
  });
  afterAll(async () => {
    await target.drop();
    dir.remove();
  });

  it('prints the --resume command and exits 130; that command copies only the rest and verifies', async () => {
    const reportFile = join(dir.path, 'report.json');
    const args = ['--from', `sqlite:${file}`, '--to', target.url, '--no-backup', '--progress-interval', '0.05'];
    const { child, done } = startCli([...args, '--report', reportFile]);
    let interruptedAt: number | undefined;
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = PROGRESS.exec(chunk.toString());
      if (match && interruptedAt === undefined && Number(match[1]) < Number(match[2])) {
        interruptedAt = Number(match[1]);
        child.kill('SIGINT');
      }
    });
    const stopped = await done;
    expect(interruptedAt, 'a progress line in the middle of api_requests').toBeDefined();
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain('SIGINT: stopping after the current batch');
    const resumeCommand = `pnpm migrate ${[...args, '--report', reportFile].join(' ')} --resume`;
    expect(stopped.stderr).toContain(`[Migration]   ${resumeCommand}`);
    const partial = JSON.parse(readFileSync(reportFile, 'utf8')) as MigrationReport;
    expect(partial).toMatchObject({ ok: false, resumable: true, error: { code: 'INTERRUPTED' } });

    const resumed = await runCli([...args, '--report', reportFile, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const kept = Number(/api_requests: 从中断处继续, 已有 (\d+) 行/.exec(resumed.stdout)?.[1]);
    expect(kept).toBeGreaterThanOrEqual(interruptedAt ?? 0);
    expect(kept).toBeLessThan(ROWS);
    // The progress lines go on from there, not from 0.
    const firstLine = PROGRESS.exec(resumed.stdout);
    expect(Number(firstLine?.[1])).toBeGreaterThan(kept);
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as MigrationReport;
    const requests = report.tables.find((t) => t.table === 'api_requests');
    expect(requests).toMatchObject({ sourceRows: ROWS, targetRows: ROWS, match: true, resumedRows: kept });
    expect(requests?.copiedRows).toBe(ROWS - kept);
    expect(report.ok).toBe(true);
    expect(resumed.stdout).toMatch(
      /total: \d+ tables, \d+ rows, [\d.]+ MB; copied by this run: \d+ rows \(\d+ kept from the interrupted run\); elapsed/,
    );
    await expectLegacyContentIn(file, target.url);
  });

  it('SIGTERM before the copy begins: nothing written, the same command to run again, exit 143', async () => {
    const fresh = await createTarget('sqlite', 'cli_sigterm');
    try {
      const args = ['--from', `sqlite:${file}`, '--to', fresh.url, '--no-backup'];
      const { child, done } = startCli(args);
      let sent = false;
      child.stdout?.on('data', (chunk: Buffer) => {
        if (!sent && chunk.toString().includes('开始数据迁移')) {
          sent = true;
          child.kill('SIGTERM');
        }
      });
      const stopped = await done;
      expect(stopped.code).toBe(143);
      expect(stopped.stderr).toContain('Stopped before anything was written');
      expect(stopped.stderr).toContain(`[Migration]   pnpm migrate ${args.join(' ')}`);
      expect(stopped.stderr).not.toContain('--resume');
      const again = await runCli(args);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toContain('数据迁移完成');
    } finally {
      await fresh.drop();
    }
  });
});
