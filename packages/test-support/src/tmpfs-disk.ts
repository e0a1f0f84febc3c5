/**
 * A small real filesystem for disk-full tests: a tmpfs of a few MiB on an existing folder, so writes into it end
 * in a genuine ENOSPC. Mounting needs root (CAP_SYS_ADMIN); the error says so when it is refused.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface TmpfsDisk {
  /** Takes all free space but `leaveBytes` with one filler file; returns the bytes it took. */
  fill(leaveBytes: number): number;
  /** Removes the filler file. */
  free(): void;
  /** Unmounts (lazily when a file is still open). Safe to call twice. */
  unmount(): void;
}

const FILLER = 'filler.bin';

export function mountTmpfs(folder: string, sizeMiB: number): TmpfsDisk {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMiB}m,mode=0700`, 'tmpfs', folder], {
      stdio: 'pipe',
      timeout: 10_000,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      `cannot mount a ${sizeMiB} MiB tmpfs on ${folder} (disk-full tests need root): ${stderr || String(error)}`,
    );
  }
  let mounted = true;
  const freeBytes = () => {
    const stats = statfsSync(folder);
    return stats.bavail * stats.bsize;
  };
  return {
    fill(leaveBytes) {
      const chunk = Buffer.alloc(64 * 1024, 0x5a);
      const fd = openSync(join(folder, FILLER), 'a');
      let taken = 0;
      try {
        const wanted = freeBytes() - leaveBytes;
        while (taken < wanted) taken += writeSync(fd, chunk, 0, Math.min(chunk.length, wanted - taken));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
      return taken;
    },
    free() {
      rmSync(join(folder, FILLER), { force: true });
    },
    unmount() {
      if (!mounted) return;
      mounted = false;
      try {
        execFileSync('umount', [folder], { stdio: 'pipe', timeout: 10_000 });
      } catch {
        execFileSync('umount', ['-l', folder], { stdio: 'pipe', timeout: 10_000 });
      }
    },
  };
}
