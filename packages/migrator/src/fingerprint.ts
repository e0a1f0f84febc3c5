/**
 * A fingerprint of the source, stored with the import marker so `--resume` only continues an import of the very
 * same data: for a file its path, size, mtime and SQLite header (which holds the change counter); for MySQL the
 * server/database (no password) and the row count of each table.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { describeEndpoint, type Endpoint } from './endpoint.js';

export function sourceFingerprint(endpoint: Endpoint, rowCounts: ReadonlyMap<string, number>): string {
  const hash = createHash('sha256').update(describeEndpoint(endpoint));
  if (endpoint.dialect === 'sqlite') {
    const stat = statSync(endpoint.path);
    hash.update(`|${stat.size}|${stat.mtimeMs}|`);
    const header = Buffer.alloc(100);
    const fd = openSync(endpoint.path, 'r');
    try {
      readSync(fd, header, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
    hash.update(header);
  }
  for (const [table, count] of [...rowCounts].sort(([a], [b]) => a.localeCompare(b))) hash.update(`|${table}=${count}`);
  return hash.digest('hex');
}

/** sha256 of a whole file: the tests use it to prove the source was not modified. */
export function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1024 * 1024);
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
