/**
 * A fresh temp folder for each test run. The global setup points TMPDIR at it, so os.tmpdir() in the test workers
 * (and in every process they start) lands there; at the end the run FAILS if a test left anything in it. Keyed on
 * this run's own folder, so other test runs on the same machine, and files other programs keep in the system temp
 * folder, never count.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * What tools, not tests, keep in the temp folder while they run: tsx (the CLI tests start their scripts with it)
 * makes `tsx-<uid>` for its IPC pipes and leaves the empty folder behind. Removed with the rest, never reported.
 */
const TOOL_ENTRIES: readonly RegExp[] = [/^tsx-[\w.-]+$/];

export interface RunTempFolder {
  readonly path: string;
  /** Restores TMPDIR, removes the folder, and throws naming what the tests left in it. */
  finish(): void;
}

export function useRunTempFolder(prefix: string, env: NodeJS.ProcessEnv = process.env): RunTempFolder {
  removeAbandonedRunFolders(prefix);
  const previous = env.TMPDIR;
  // The pid in the name lets a later run remove this folder should this run be killed before its teardown.
  const path = mkdtempSync(join(tmpdir(), `${prefix}run-${process.pid}-`));
  env.TMPDIR = path;
  return {
    path,
    finish() {
      if (previous === undefined) delete env.TMPDIR;
      else env.TMPDIR = previous;
      const left = readdirSync(path).filter((name) => !TOOL_ENTRIES.some((tool) => tool.test(name)));
      rmSync(path, { recursive: true, force: true });
      if (left.length > 0) {
        throw new Error(
          `The tests left ${left.length} entries in the temp folder (now removed): ${left.sort().join(', ')}. ` +
            'Each test must remove what it makes there, e.g. afterAll(() => rmSync(folder, { recursive: true, force: true })).',
        );
      }
    },
  };
}

/** Removes the folders of runs that were killed before their teardown: those whose process no longer exists. */
export function removeAbandonedRunFolders(prefix: string, parent = tmpdir()): string[] {
  const runFolder = new RegExp(`^${prefix}run-(\\d+)-`);
  const removed: string[] = [];
  for (const name of readdirSync(parent)) {
    const pid = Number(runFolder.exec(name)?.[1]);
    if (!pid || isAlive(pid)) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, it is another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
