/**
 * The table that records applied migrations, per dialect. `statements_done` grows after every statement, so a
 * MySQL run that died mid-migration (MySQL DDL auto-commits) resumes at the first statement not recorded.
 * `applied_at` stays NULL until the whole migration is done.
 */
import type { Dialect } from '@gateway-db/schema';

export const MIGRATIONS_TABLE = 'gateway_db_migrations';

export const CREATE_MIGRATIONS_TABLE: Readonly<Record<Dialect, string>> = {
  sqlite: `CREATE TABLE IF NOT EXISTS \`${MIGRATIONS_TABLE}\` (
  \`tag\` TEXT PRIMARY KEY NOT NULL,
  \`hash\` TEXT NOT NULL,
  \`statements_done\` INTEGER NOT NULL,
  \`applied_at\` INTEGER
)`,
  mysql: `CREATE TABLE IF NOT EXISTS \`${MIGRATIONS_TABLE}\` (
  \`tag\` VARCHAR(255) NOT NULL PRIMARY KEY,
  \`hash\` CHAR(64) NOT NULL,
  \`statements_done\` INT NOT NULL,
  \`applied_at\` BIGINT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`,
};

/**
 * MySQL errors that mean "this DDL statement already took effect": table/column/index/foreign key exists, or the
 * thing to drop is gone. Tolerated only for the one statement that may have run without being recorded.
 */
const ALREADY_DONE_ERRNOS = new Set([1050, 1060, 1061, 1068, 1091, 1826]);

export function isAlreadyDoneError(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errno?: unknown; message?: unknown } } | null)?.cause;
  // SQLite runs a migration in one transaction, so this only happens there if the journal table was edited.
  if (cause?.code === 'SQLITE_ERROR' && typeof cause.message === 'string') {
    return /already exists|duplicate column name/.test(cause.message);
  }
  if (typeof cause?.errno !== 'number') return false;
  if (ALREADY_DONE_ERRNOS.has(cause.errno)) return true;
  // MariaDB reports a duplicate foreign key name as "Can't create table ... (errno: 121 "Duplicate key ...")".
  return cause.errno === 1005 && typeof cause.message === 'string' && cause.message.includes('errno: 121');
}
