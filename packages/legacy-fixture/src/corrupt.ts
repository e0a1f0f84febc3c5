/** Broken files the migrator must refuse: a crash during the legacy plain writeFile, and something else entirely. */
import { copyFile, open, stat, truncate, writeFile } from 'node:fs/promises';

/**
 * Copies `source` to `target` cut at `bytes` (default: half the file, rounded down to a page boundary minus a
 * little, so the cut lands inside a page). SQLite then fails `PRAGMA integrity_check` or refuses to open it.
 */
export async function writeTruncatedCopy(source: string, target: string, bytes?: number): Promise<number> {
  const size = (await stat(source)).size;
  const cut = bytes ?? Math.max(Math.floor(size / 2 / 4096) * 4096 - 1000, 100);
  if (cut >= size) throw new Error(`cannot truncate a ${size}-byte file at ${cut} bytes`);
  await copyFile(source, target);
  await truncate(target, cut);
  return cut;
}

/** A file named like a database that is not SQLite at all (default: a JSON export someone renamed). */
export async function writeNotSqliteFile(target: string, content?: string | Uint8Array): Promise<void> {
  await writeFile(target, content ?? '{"users":[{"username":"admin"}],"note":"not a SQLite file"}\n'.repeat(200));
}

/** Overwrites `count` bytes at `offset` with 0xFF, e.g. to damage a b-tree page in a copy. */
export async function overwriteBytes(path: string, offset: number, count: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.write(Buffer.alloc(count, 0xff), 0, count, offset);
  } finally {
    await handle.close();
  }
}
