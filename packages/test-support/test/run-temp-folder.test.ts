import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { removeAbandonedRunFolders, useRunTempFolder } from '../src/run-temp-folder.js';

describe('the temp folder of a test run', () => {
  it("is where os.tmpdir() points in the test files: this run's own folder", () => {
    expect(basename(tmpdir())).toMatch(new RegExp(`^${inject('testDatabasePrefix')}run-${process.ppid}-`));
  });

  it('fails naming what the tests left in it, restores TMPDIR and removes it', () => {
    const env: NodeJS.ProcessEnv = { TMPDIR: tmpdir() };
    const folder = useRunTempFolder('unit_', env);
    expect(env.TMPDIR).toBe(folder.path);
    writeFileSync(join(folder.path, 'left-behind.txt'), 'x');
    expect(() => folder.finish()).toThrow(
      /The tests left 1 entries in the temp folder \(now removed\): left-behind\.txt/,
    );
    expect(existsSync(folder.path)).toBe(false);
    expect(env.TMPDIR).toBe(tmpdir());
  });

  it('passes quietly when the tests left nothing but the folder tsx keeps its pipes in', () => {
    const env: NodeJS.ProcessEnv = {};
    const folder = useRunTempFolder('unit_', env);
    mkdirSync(join(folder.path, 'tsx-0'));
    expect(() => folder.finish()).not.toThrow();
    expect(existsSync(folder.path)).toBe(false);
    expect(env).toEqual({});
  });

  it('removes the folders of killed runs and leaves those of running ones alone', () => {
    const parent = mkdtempSync(join(tmpdir(), 'abandoned-'));
    try {
      // Above the kernel's largest pid: no process has it.
      for (const name of [
        'unit_run-999999999-a1',
        `unit_run-${process.pid}-b2`,
        'unit_run-c3',
        'other_run-999999999-d4',
      ]) {
        mkdirSync(join(parent, name));
      }
      expect(removeAbandonedRunFolders('unit_', parent)).toEqual(['unit_run-999999999-a1']);
      expect(readdirSync(parent).sort()).toEqual(
        ['other_run-999999999-d4', `unit_run-${process.pid}-b2`, 'unit_run-c3'].sort(),
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
