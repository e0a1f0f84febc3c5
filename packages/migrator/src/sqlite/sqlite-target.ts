/**
 * A gateway-db SQLite store as the target. The whole import is ONE transaction (BEGIN IMMEDIATE ... COMMIT), so a
 * kill -9, a full disk or any error leaves the store exactly as it was before: SQLite's journal rolls it back.
 * BEGIN IMMEDIATE is also the import lock: a second importer waits for it, then finds the store filled.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Endpoint } from '../endpoint.js';
import { MigrationError, wrapDriverError } from '../errors.js';
import { quoteIdentifier } from '../plan.js';
import type { TargetStore } from '../store.js';
import { createSqliteReader } from './sqlite-reader.js';

/** `readOnlyPlan`: a dry run; a store that does not exist yet is then an empty in-memory stand-in. */
export function openSqliteTarget(endpoint: Endpoint & { dialect: 'sqlite' }, readOnlyPlan = false): TargetStore {
  let db: Database.Database;
  try {
    db = readOnlyPlan && !existsSync(endpoint.path)
      ? new Database(':memory:')
      : new Database(endpoint.path, { fileMustExist: true, readonly: readOnlyPlan });
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
    limits: { boundedColumns: false, flagRange: undefined, maxStatementBytes: undefined },
    async run(sql, params = []) {
      db.prepare(sql).run(...(params as unknown[]));
    },
    async all(sql, params = []) {
      return db.prepare(sql).raw(true).all(...(params as unknown[])) as unknown[][];
    },
    async begin(lockTimeoutSeconds) {
      db.pragma(`busy_timeout = ${Math.max(0, Math.round(lockTimeoutSeconds * 1000))}`);
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (error) {
        if ((error as { code?: unknown }).code === 'SQLITE_BUSY') {
          throw new MigrationError({ code: 'CONFLICT', message: `Another process is writing ${endpoint.path}; try again when it is done` });
        }
        throw wrapDriverError(error, 'Starting the import transaction');
      }
    },
    async commit() {
      db.exec('COMMIT');
    },
    async abort() {
      try {
        if (db.inTransaction) db.exec('ROLLBACK');
      } catch {
        // Nothing to undo: SQLite already rolled back (e.g. after SQLITE_FULL).
      }
    },
    async clearTable(table) {
      db.prepare(`DELETE FROM ${quoteIdentifier(table)}`).run();
    },
    openTableWriter(table, columns) {
      const placeholders = columns.map(() => '?').join(', ');
      const insert = db.prepare(
        `INSERT INTO ${quoteIdentifier(table)} (${columns.map(quoteIdentifier).join(', ')}) VALUES (${placeholders})`,
      );
      return {
        write(row) {
          insert.run(...row);
          return undefined;
        },
        async finish() {},
      };
    },
    async close() {
      await this.abort();
      db.close();
    },
  };
}
