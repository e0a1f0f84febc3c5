/**
 * Applies the pending schema migrations, once, even when several processes start together: everything happens
 * under the store's migration lock (SQLite: one BEGIN IMMEDIATE transaction; MySQL: GET_LOCK on one connection).
 * Each statement done is recorded before the next runs, so a MySQL run cut off mid-migration resumes where it
 * stopped; the one statement that may have run without being recorded is allowed to report "already exists".
 * A database whose tables were made by drizzle-kit (push or migrate) has no record yet: adopt-existing-tables.ts
 * records the migrations those tables match exactly, or stops with a MIGRATION error that says why.
 */
import { inPlaceMigrationsFolder, migrationsFolder } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import type { StoreExecutor } from '../dialect/store-executor.js';
import { GatewayDbError } from '../errors.js';
import { type GatewayDbLogger, silentLogger } from '../logger.js';
import { adoptExistingTables } from './adopt-existing-tables.js';
import { CREATE_MIGRATIONS_TABLE, isAlreadyDoneError, MIGRATIONS_TABLE } from './migrations-table.js';
import { type Migration, readMigrations } from './read-migrations.js';

export interface ApplyMigrationsOptions {
  /** Folder with `meta/_journal.json` and the SQL files. Default: the schema package's folder for the dialect. */
  readonly folder?: string;
  /**
   * Statements run instead of some of `folder`'s (same file name). Default: the schema package's in-place
   * equivalents when `folder` is its default too, else none.
   */
  readonly inPlaceFolder?: string;
  /** Default: silent. */
  readonly logger?: GatewayDbLogger;
}

export interface ApplyMigrationsResult {
  /** Tags applied (or finished) by this call, in order; empty when the schema was already current. */
  readonly applied: string[];
}

interface AppliedRow {
  readonly hash: string;
  readonly statementsDone: number;
}

async function recordedMigrations(connection: SqlExecutor): Promise<Map<string, AppliedRow>> {
  const rows = await connection.all(`SELECT \`tag\`, \`hash\`, \`statements_done\` FROM \`${MIGRATIONS_TABLE}\``);
  return new Map(
    rows.map((row) => [String(row.tag), { hash: String(row.hash), statementsDone: Number(row.statements_done) }]),
  );
}

async function applyOne(
  connection: SqlExecutor,
  migration: Migration,
  recorded: AppliedRow | undefined,
): Promise<void> {
  if (recorded && recorded.hash !== migration.hash) {
    throw new GatewayDbError({
      code: 'MIGRATION',
      message: `Migration ${migration.tag} was changed after it was partly applied; restore the original file to finish it`,
    });
  }
  if (!recorded) {
    await connection.run(
      `INSERT INTO \`${MIGRATIONS_TABLE}\` (\`tag\`, \`hash\`, \`statements_done\`, \`applied_at\`) VALUES (?, ?, 0, NULL)`,
      [migration.tag, migration.hash],
    );
  }
  const start = recorded?.statementsDone ?? 0;
  for (let index = start; index < migration.statements.length; index++) {
    try {
      await connection.run(migration.statements[index] ?? '');
    } catch (error) {
      // Resuming after a crash: the first statement may have taken effect just before the process died.
      const resumedStatementAlreadyRan = recorded !== undefined && index === start && isAlreadyDoneError(error);
      if (!resumedStatementAlreadyRan) {
        throw new GatewayDbError({
          code: 'MIGRATION',
          message: `Migration ${migration.tag} failed at statement ${index + 1} of ${migration.statements.length}`,
          cause: error,
        });
      }
    }
    await connection.run(`UPDATE \`${MIGRATIONS_TABLE}\` SET \`statements_done\` = ? WHERE \`tag\` = ?`, [
      index + 1,
      migration.tag,
    ]);
  }
  await connection.run(`UPDATE \`${MIGRATIONS_TABLE}\` SET \`applied_at\` = ? WHERE \`tag\` = ?`, [
    Date.now(),
    migration.tag,
  ]);
}

/** Applies what is pending of the dialect's migrations to the store behind `executor`. */
export async function applyMigrations(
  executor: StoreExecutor,
  options: ApplyMigrationsOptions = {},
): Promise<ApplyMigrationsResult> {
  const logger = options.logger ?? silentLogger;
  const folder = options.folder ?? migrationsFolder(executor.dialect);
  const inPlaceFolder =
    options.inPlaceFolder ?? (options.folder === undefined ? inPlaceMigrationsFolder(executor.dialect) : undefined);
  const migrations = readMigrations(folder, inPlaceFolder);
  return executor.withMigrationLock(async (connection) => {
    await connection.run(CREATE_MIGRATIONS_TABLE[executor.dialect]);
    let recorded = await recordedMigrations(connection);
    if (recorded.size === 0) {
      const { dialect, description } = executor;
      await adoptExistingTables(connection, { dialect, folder, migrations, description, logger });
      recorded = await recordedMigrations(connection);
    }
    const applied: string[] = [];
    for (const migration of migrations) {
      const previous = recorded.get(migration.tag);
      if (previous && previous.statementsDone >= migration.statements.length) {
        if (previous.hash !== migration.hash) {
          logger.warn(
            `migration ${migration.tag} changed after it was applied; the database keeps the applied version`,
            { code: 'migration.changed', migration: migration.tag, dialect: executor.dialect },
          );
        }
        continue;
      }
      await applyOne(connection, migration, previous);
      applied.push(migration.tag);
      logger.info(
        `applied migration ${migration.tag} (${migration.statements.length} statements) to ${executor.description}`,
        {
          code: 'migration.applied',
          migration: migration.tag,
          count: migration.statements.length,
          dialect: executor.dialect,
        },
      );
    }
    return { applied };
  });
}
