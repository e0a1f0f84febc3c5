/**
 * Opens a SQLite source file read-only (`readonly`, `fileMustExist`: the source is never modified) after checking
 * that it is a whole SQLite database. A truncated file (a crash during the legacy tool's plain `writeFile`) or a
 * file that is not SQLite fails here with LEGACY_FILE and what to do, before anything is written anywhere.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { betterSqlite3 } from '@gateway-db/core/dialect/drivers.js';
import type Database from 'better-sqlite3';
import type { Endpoint } from './endpoint.js';
import { MigrationError } from './errors.js';
import { createSqliteReader } from './sqlite/sqlite-reader.js';
import type { StoreReader } from './store.js';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const WHAT_TO_DO =
  'Restore the file from a backup (./data/backup/) or point --from at an intact copy; nothing was written.';

function legacyError(path: string, problem: string, cause?: unknown): MigrationError {
  return new MigrationError({ code: 'LEGACY_FILE', message: `${path} ${problem}. ${WHAT_TO_DO}`, cause });
}

function readHeader(path: string): Buffer {
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  return header;
}

/** Checks the header and the page count against the file size: cheap, and catches most truncations. */
export function checkSqliteHeader(path: string): void {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw legacyError(path, 'is not a file');
    size = stat.size;
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError({
      code: 'LEGACY_FILE',
      message: `${path} does not exist or cannot be read. Set --from (or DB_PATH) to the legacy gateway.db.`,
    });
  }
  if (size < 100) throw legacyError(path, `is not a SQLite database (only ${size} bytes)`);
  const header = readHeader(path);
  if (!header.subarray(0, 16).equals(SQLITE_MAGIC)) throw legacyError(path, 'is not a SQLite database');
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pageCount = header.readUInt32BE(28);
  // The in-header size is valid when the "version-valid-for" number matches the change counter.
  const sizeIsValid = header.readUInt32BE(92) === header.readUInt32BE(24) && pageCount > 0;
  if (pageSize < 512 || (sizeIsValid && size < pageSize * pageCount)) {
    throw legacyError(path, `is truncated (${size} of ${pageSize * pageCount} bytes)`);
  }
}

/** How long the source may stay locked by another process before the migration gives up (ms). */
const SOURCE_LOCK_WAIT_MS = 2_000;

/** SQLITE_BUSY / SQLITE_LOCKED (and their extended codes): another connection holds a lock, the file is fine. */
function isLockedError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

function lockedError(path: string, cause: unknown): MigrationError {
  return new MigrationError({
    code: 'BUSY',
    message:
      `${path} is locked by another process (a gateway or a tool still writing it) and stayed locked for ` +
      `${SOURCE_LOCK_WAIT_MS / 1000} s. Stop that process, or copy the file while it is idle and migrate the copy; ` +
      'then run again. The file is not damaged; nothing was written.',
    cause,
  });
}

/** Opens `path` read-only and proves it intact with `PRAGMA quick_check`. */
export function openSqliteSource(endpoint: Endpoint & { dialect: 'sqlite' }): StoreReader {
  const { path } = endpoint;
  checkSqliteHeader(path);
  // Loaded before the try: a missing driver is not a damaged file.
  const Driver = betterSqlite3();
  let db: Database.Database;
  try {
    db = new Driver(path, { readonly: true, fileMustExist: true, timeout: SOURCE_LOCK_WAIT_MS });
  } catch (error) {
    if (isLockedError(error)) throw lockedError(path, error);
    throw legacyError(path, 'cannot be opened as SQLite', error);
  }
  try {
    db.defaultSafeIntegers(true);
    const problems = db.prepare('PRAGMA quick_check(1)').pluck().all() as string[];
    if (problems.length !== 1 || problems[0] !== 'ok')
      throw legacyError(path, 'is damaged (PRAGMA quick_check failed)');
  } catch (error) {
    db.close();
    if (error instanceof MigrationError) throw error;
    // A lock held elsewhere is not damage: saying "restore from a backup" would send the user the wrong way.
    if (isLockedError(error)) throw lockedError(path, error);
    throw legacyError(path, 'is damaged or not SQLite', error);
  }
  return createSqliteReader(db, endpoint, () => db.close());
}
