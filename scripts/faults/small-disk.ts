/**
 * A small real filesystem for the disk-full fault: a tmpfs of a few MiB mounted on a fresh temporary folder, so
 * writes end in a genuine ENOSPC. Mounting needs root (CAP_SYS_ADMIN); `runPrivilegedOrReexec` re-runs the script
 * in its own user + mount namespace (`unshare --user --map-root-user --mount`) when it is not root, where an
 * unprivileged user may mount a tmpfs. A filler file taken up first is what the scripts delete to "free space".
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SmallDisk {
  readonly dir: string;
  /** Bytes an unprivileged writer may still use. */
  freeBytes(): number;
  /** Writes `name` with `bytes` bytes (stops quietly at ENOSPC); returns the bytes written. */
  writeFiller(name: string, bytes: number): number;
  /** Takes all free space but `leaveBytes` with the filler `name`; returns the bytes it took. */
  fillLeaving(name: string, leaveBytes: number): number;
  removeFiller(name: string): void;
  /** Unmounts (lazily if something still holds a file open) and removes the folder. Safe to call twice. */
  release(): void;
}

const UNSHARED_ENV = 'GW_FAULT_UNSHARED';

/** Mounts a tmpfs of `sizeMiB` on a new folder; throws with the mount error when that is not permitted. */
export function mountSmallDisk(sizeMiB: number): SmallDisk {
  const dir = mkdtempSync(join(tmpdir(), 'gwdiskfull-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', dir], {
      stdio: 'pipe',
      timeout: 10_000,
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `cannot mount a tmpfs on ${dir}: ${stderr || (error instanceof Error ? error.message : String(error))}`,
    );
  }
  let released = false;
  const freeBytes = () => {
    const stats = statfsSync(dir);
    return stats.bavail * stats.bsize;
  };
  const writeFiller = (name: string, bytes: number) => {
    // 64 KiB at a time: the last write that does not fit ends the filler without a huge buffer in memory.
    const chunk = Buffer.alloc(64 * 1024, 0x5a);
    let written = 0;
    writeFileSync(join(dir, name), '');
    try {
      while (written < bytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - written));
        writeFileSync(join(dir, name), piece, { flag: 'a' });
        written += piece.length;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
    return written;
  };
  return {
    dir,
    freeBytes,
    writeFiller,
    fillLeaving: (name, leaveBytes) => writeFiller(name, Math.max(0, freeBytes() - leaveBytes)),
    removeFiller: (name) => rmSync(join(dir, name), { force: true }),
    release() {
      if (released) return;
      released = true;
      try {
        execFileSync('umount', [dir], { stdio: 'pipe', timeout: 10_000 });
      } catch {
        // A file still open (e.g. after a crash of the code under test): detach now, the kernel frees it later.
        execFileSync('umount', ['-l', dir], { stdio: 'pipe', timeout: 10_000 });
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Returns normally when this process may mount (root, or already inside the namespace); otherwise runs the same
 * command again under `unshare` and exits with its status. Used before anything else happens in the script.
 */
export function runPrivilegedOrReexec(): void {
  if (process.getuid?.() === 0 || process.env[UNSHARED_ENV] === '1') return;
  console.log('  not root: re-running in a user + mount namespace (unshare --user --map-root-user --mount)');
  const result = spawnSync(
    'unshare',
    ['--user', '--map-root-user', '--mount', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: 'inherit',
      env: { ...process.env, [UNSHARED_ENV]: '1' },
    },
  );
  if (result.error) console.error(`  unshare failed: ${result.error.message}`);
  process.exit(result.status ?? 1);
}
