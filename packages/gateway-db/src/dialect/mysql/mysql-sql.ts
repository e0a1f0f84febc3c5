/** The SQL fragments that differ on MySQL 8.0 / MariaDB 10.11 (see DialectSql). */
import { type DialectSql, quoteName as quote } from '../sql-executor.js';

export const mysqlSql: DialectSql = {
  cheapDistinctStatements: false,
  // ON DUPLICATE KEY UPDATE fires on any unique key, so `conflictColumn` is implied by the schema here.
  // `VALUES(col)` is the form both servers accept (MariaDB has no `AS new` row alias; MySQL 8 only warns).
  upsertTail(conflictColumn, columns) {
    if (columns.length === 0) return `ON DUPLICATE KEY UPDATE ${quote(conflictColumn)} = ${quote(conflictColumn)}`;
    const updates = columns.map((column) => `${quote(column)} = VALUES(${quote(column)})`).join(', ');
    return `ON DUPLICATE KEY UPDATE ${updates}`;
  },
  intDiv: (numerator, denominator) => `((${numerator}) DIV (${denominator}))`,
  // The parameter as a binary string makes the comparison byte-wise: no case folding, trailing spaces count.
  exactEquals: (column) => `${column} = CAST(? AS BINARY)`,
  exactGroupKey: (column) => `CAST(${column} AS BINARY)`,
  deleteLimited: (table, where, limit) => `DELETE FROM ${quote(table)} WHERE ${where} LIMIT ${limit}`,
};
