/**
 * kill -9 of the CLI at random moments (seeded, reproducible), then the next attempt: it must end with a verified
 * import (resuming nothing by mistake, never blocked by the leftovers), as the start-up import would run it.
 */
import { join } from 'node:path';
import { buildLegacyFile } from '@gateway-db/legacy-fixture';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSha256, migrate, silentLogger } from '../src/index.js';
import { startCli } from './support/run-cli.js';
import { createTarget, type TestTarget, tempDir } from './support/stores.js';

const TRIALS: Record<string, number> = { mysql: 20, sqlite: 8 };

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

describe.each(testDialects())('kill -9 during an import into %s', (dialect) => {
  let dir: ReturnType<typeof tempDir>;
  let file: string;
  let before: string;
  let target: TestTarget;
  const outcomes: string[] = [];
  let window = 2000;
  const cliArgs = () => [
    '--from',
    `sqlite:${file}`,
    '--to',
    target.url,
    '--replace',
    '--no-backup',
    '--batch-bytes',
    '65536',
  ];
  const random = prng(Number(process.env.KILL_SEED ?? 20_251_126) + dialect.length);

  beforeAll(async () => {
    dir = tempDir('kill');
    file = join(dir.path, 'gateway.db');
    await buildLegacyFile(file, {
      version: 'S6',
      hostile: true,
      seed: 4,
      rows: { api_requests: 3000 },
      bodyBytes: 3000,
    });
    before = fileSha256(file);
    target = await createTarget(dialect, 'kill');
    // Calibrate: how long one whole run takes here, so the kills land in it (start-up, pre-flight, copy, verify).
    const started = Date.now();
    const full = await startCli(cliArgs()).done;
    expect(full.code).toBe(0);
    window = Date.now() - started;
  });
  afterAll(async () => {
    console.log(`[kill -9 ${dialect}] whole run ${window} ms; outcomes of the killed runs: ${outcomes.join(', ')}`);
    await target.drop();
    dir.remove();
  });

  it.each(Array.from({ length: TRIALS[dialect] ?? 8 }, (_, i) => i + 1))(
    'trial %i: the next run ends verified',
    async () => {
      // The child's first ~0.5 s is Node starting up: kill anywhere from 25% to 100% of a whole run.
      const delay = Math.floor(window * (0.25 + 0.75 * random()));
      const { child, done } = startCli(cliArgs());
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      const result = await done;
      clearTimeout(timer);
      outcomes.push(result.signal === 'SIGKILL' ? `killed@${delay}ms` : `finished(${result.code})`);

      const rerun = await migrate({
        from: `sqlite:${file}`,
        to: target.url,
        onlyIfEmpty: true,
        backupDir: false,
        logger: silentLogger,
      });
      expect(rerun.ok).toBe(true);
      if (rerun.notes.some((n) => n.includes('interrupted'))) outcomes[outcomes.length - 1] += '+started-over';
      const verified = await migrate({
        from: `sqlite:${file}`,
        to: target.url,
        verifyOnly: true,
        logger: silentLogger,
      });
      expect(verified.tables.every((t) => t.match && t.targetRows === t.sourceRows)).toBe(true);
      expect(fileSha256(file)).toBe(before);
    },
  );
});
