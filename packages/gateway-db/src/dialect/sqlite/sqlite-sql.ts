/** The SQL fragments that differ on SQLite (see DialectSql). */
import { type DialectSql, quoteName as quote } from '../sql-executor.js';

export const sqliteSql: DialectSql = {
  cheapDistinctStatements: true,
  upsertTail(conflictColumn, columns) {
    if (columns.length === 0) return `ON CONFLICT(${quote(conflictColumn)}) DO NOTHING`;
    const updates = columns.map((column) => `${quote(column)} = excluded.${quote(column)}`).join(', ');
    return `ON CONFLICT(${quote(conflictColumn)}) DO UPDATE SET ${updates}`;
  },
  // better-sqlite3 binds JS numbers as REAL, so `a / ?` would divide as floating point: truncate explicitly.
  intDiv: (numerator, denominator) => `CAST((${numerator}) / (${denominator}) AS INTEGER)`,
  // SQLite's default BINARY collation already compares bytes, trailing spaces included.
  exactEquals: (column) => `${column} = ?`,
  exactGroupKey: (column) => column,
  // SQLite is usually built without DELETE ... LIMIT; a rowid subquery gives the same bounded delete.
  deleteLimited: (table, where, limit) =>
    `DELETE FROM ${quote(table)} WHERE rowid IN (SELECT rowid FROM ${quote(table)} WHERE ${where} LIMIT ${limit})`,
};
