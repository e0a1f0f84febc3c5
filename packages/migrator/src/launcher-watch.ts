/**
 * `pnpm migrate` runs pnpm -> sh -> node. A `kill -9` of pnpm (what a supervisor or an impatient operator sends)
 * kills pnpm alone: sh and this process lived on, and the migration went on in the background where nobody
 * watched it. So the CLI watches the process that launched it (the nearest ancestor that is not a shell) and
 * stops when it is gone. Stopping mid-copy is safe: the run marker makes the next run resume or start over.
 * Linux only (it reads /proc); elsewhere it watches nothing.
 */
import { readFileSync } from 'node:fs';

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash']);

/** `[parent pid, command name]` of a process, from /proc; undefined when it cannot be read. */
function parentOf(pid: number): { ppid: number; comm: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may itself hold spaces or parentheses: split after the last one.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? { ppid, comm } : undefined;
  } catch {
    return undefined;
  }
}

/** The nearest ancestor that is not a shell, or undefined (no /proc, or only init above us). */
export function findLauncher(startPid = process.ppid): number | undefined {
  let pid = startPid;
  for (let depth = 0; depth < 8 && pid > 1; depth++) {
    const info = parentOf(pid);
    if (info === undefined) return undefined;
    if (!SHELLS.has(info.comm)) return pid;
    pid = info.ppid;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Calls `onGone` once the launcher has exited; returns a function that stops watching. */
export function whenLauncherDies(onGone: () => void, intervalMs = 500): () => void {
  const launcher = findLauncher();
  if (launcher === undefined) return () => undefined;
  const timer = setInterval(() => {
    if (isAlive(launcher)) return;
    clearInterval(timer);
    onGone();
  }, intervalMs);
  // Watching must never keep the process alive by itself.
  timer.unref();
  return () => clearInterval(timer);
}
