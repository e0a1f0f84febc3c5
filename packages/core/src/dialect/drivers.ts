/**
 * The two database drivers, loaded on first use. better-sqlite3 and mysql2 are optional peer dependencies: a
 * project installs the one of its dialect only (better-sqlite3 is a native build, mysql2 pulls its own tree), so
 * nothing here may import either at module load. When the configured one is missing, the error says what to
 * install instead of Node's bare "Cannot find module".
 *
 * `require` (not `import()`): both drivers are CommonJS, and a synchronous load keeps the callers synchronous
 * (SqliteConnection's constructor, like better-sqlite3's own). Resolved from this file, as a static import was.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type Mysql2 from 'mysql2/promise';
import { GatewayDbError } from '../errors.js';

const requireDriver = createRequire(import.meta.url);

/** What each driver is needed for, as the error says it. */
const NEEDED_FOR = {
  'better-sqlite3': 'SQLite stores (DB_DIALECT=sqlite) and reading a legacy gateway.db file',
  mysql2: 'MySQL stores (DB_DIALECT=mysql)',
} as const;

type DriverName = keyof typeof NEEDED_FOR;

function missingDriver(name: DriverName, cause: unknown): GatewayDbError {
  return new GatewayDbError({
    code: 'CONFIG',
    message: `The ${name} driver is not installed; it is needed for ${NEEDED_FOR[name]}. Install it in your project: npm install ${name}`,
    cause,
  });
}

/** Only the driver itself missing: a missing file inside an installed driver is a broken install, said as is. */
function isDriverMissing(error: unknown, request: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === 'MODULE_NOT_FOUND' && typeof message === 'string' && message.includes(`'${request}'`);
}

function load<T>(name: DriverName, request: string): T {
  try {
    return requireDriver(request) as T;
  } catch (error) {
    if (isDriverMissing(error, request)) throw missingDriver(name, error);
    throw error;
  }
}

/** better-sqlite3's `Database` class. */
export function betterSqlite3(): typeof BetterSqlite3 {
  return load('better-sqlite3', 'better-sqlite3');
}

/** The file a worker thread requires to load the same better-sqlite3 (code evaluated there has no resolver of ours). */
export function betterSqlite3Path(): string {
  try {
    return requireDriver.resolve('better-sqlite3');
  } catch (error) {
    if (isDriverMissing(error, 'better-sqlite3')) throw missingDriver('better-sqlite3', error);
    throw error;
  }
}

/** mysql2's promise API (`mysql2/promise`). */
export function mysql2(): typeof Mysql2 {
  return load('mysql2', 'mysql2/promise');
}
