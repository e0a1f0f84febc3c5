/**
 * A gateway-db SQLite store as the target. The whole import is ONE transaction (BEGIN IMMEDIATE ... COMMIT), so a
 * kill -9, a full disk or any error leaves the store exactly as it was before: SQLite's journal rolls it back.
 * BEGIN IMMEDIATE is also the import lock: a second importer waits for it, then finds the store filled.
 */
import { existsSync } from 'node:fs';
import { betterSqlite3 } from '@gateway-db/core/dialect/drivers.js';
import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { Endpoint } from '../endpoint.js';
import { MigrationError, wrapDriverError } from '../errors.js';
import type { TablePlan } from '../plan.js';
import type { TableWriter, TargetStore } from '../store.js';
import { createSqliteReader } from './sqlite-reader.js';

const dialect = new SQLiteSyncDialect();

/**
 * The bulk write stays on the driver: one INSERT per table, rendered by Drizzle from the plan's columns and
 * prepared once, then run per row with the canonical values as they are (Drizzle's builder would map each value
 * through its column and build an object per row).
 */
function tableWriter(db: Database.Database, plan: TablePlan): TableWriter {
  const columns = sql.join(
    plan.columns.map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  // Text goes through CAST(? AS TEXT): a string is unchanged, and text kept as its not-UTF-8 bytes (a Buffer,
  // value-codec.ts) is stored as TEXT with exactly those bytes instead of as a BLOB.
  const placeholders = sql.join(
    plan.columns.map((column) => (column.value === 'text' ? sql`CAST(? AS TEXT)` : sql`?`)),
    sql`, `,
  );
  const insert = db.prepare(
    dialect.sqlToQuery(sql`INSERT INTO ${plan.table.sqlite} (${columns}) VALUES (${placeholders})`).sql,
  );
  return {
    write(row) {
      insert.run(...row);
      return undefined;
    },
    async checkpoint() {},
    async finish() {},
  };
}

/** `readOnlyPlan`: a dry run; a store that does not exist yet is then an empty in-memory stand-in. */
export function openSqliteTarget(endpoint: Endpoint & { dialect: 'sqlite' }, readOnlyPlan = false): TargetStore {
  const Driver = betterSqlite3();
  let db: Database.Database;
  try {
    db =
      readOnlyPlan && !existsSync(endpoint.path)
        ? new Driver(':memory:')
        : new Driver(endpoint.path, { fileMustExist: true, readonly: readOnlyPlan });
  } catch (error) {
    throw wrapDriverError(error, `Opening the SQLite store ${endpoint.path}`);
  }
  db.defaultSafeIntegers(true);
  // Dangling references of legacy files are kept as they are (the pre-flight pass reports them).
  db.pragma('foreign_keys = OFF');
  const reader = createSqliteReader(db, endpoint, () => undefined);

  return {
    dialect: 'sqlite',
    reader,
    client: reader.client,
    limits: { mysqlColumns: false, maxStatementBytes: undefined, keepsTextBytes: true },
    async begin(lockTimeoutSeconds) {
      db.pragma(`busy_timeout = ${Math.max(0, Math.round(lockTimeoutSeconds * 1000))}`);
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
          throw new MigrationError({
            code: 'CONFLICT',
            message: `Another process is writing ${endpoint.path}; try again when it is done`,
          });
        }
        throw wrapDriverError(error, 'Starting the import transaction');
      }
    },
    async commit() {
      try {
        db.exec('COMMIT');
      } catch (error) {
        throw wrapDriverError(error, 'Committing the import');
      }
    },
    async abort() {
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } catch {
        // Nothing to undo: SQLite already rolled back (e.g. after SQLITE_FULL).
      }
    },
    openTableWriter: (plan) => tableWriter(db, plan),
    async close() {
      await this.abort();
      db.close();
    },
  };
}
