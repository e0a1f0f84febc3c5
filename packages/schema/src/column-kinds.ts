/**
 * The one place that says how each logical column kind becomes a column on each dialect.
 * Row types come out identical because every pair below has the same TypeScript data type.
 */
import {
  bigint as mysqlBigint,
  boolean as mysqlBoolean,
  double as mysqlDouble,
  longtext as mysqlLongtext,
  varbinary as mysqlVarbinary,
  varchar as mysqlVarchar,
} from 'drizzle-orm/mysql-core';
import { integer as sqliteInteger, real as sqliteReal, text as sqliteText } from 'drizzle-orm/sqlite-core';
import { type ColumnSpec, DEFAULT_KEY_BYTES, DEFAULT_LABEL_CHARS } from './column-spec.js';

export const sqliteKinds = {
  key: (_spec: ColumnSpec) => sqliteText(),
  text: (_spec: ColumnSpec) => sqliteText(),
  label: (_spec: ColumnSpec) => sqliteText(),
  integer: (_spec: ColumnSpec) => sqliteInteger({ mode: 'number' }),
  timestamp: (_spec: ColumnSpec) => sqliteInteger({ mode: 'number' }),
  // REAL affinity keeps 12.5 as 12.5 and 120 as 120 (a JS number either way).
  duration: (_spec: ColumnSpec) => sqliteReal(),
  flag: (_spec: ColumnSpec) => sqliteInteger({ mode: 'boolean' }),
};

export const mysqlKinds = {
  // VARBINARY compares bytes: no case folding, no PAD SPACE. Drizzle decodes the Buffer back to a UTF-8 string.
  key: (spec: ColumnSpec) => mysqlVarbinary({ length: spec.maxBytes ?? DEFAULT_KEY_BYTES }),
  text: (_spec: ColumnSpec) => mysqlLongtext(),
  label: (spec: ColumnSpec) => mysqlVarchar({ length: spec.maxChars ?? DEFAULT_LABEL_CHARS }),
  integer: (_spec: ColumnSpec) => mysqlBigint({ mode: 'number' }),
  timestamp: (_spec: ColumnSpec) => mysqlBigint({ mode: 'number' }),
  duration: (_spec: ColumnSpec) => mysqlDouble(),
  flag: (_spec: ColumnSpec) => mysqlBoolean(),
};

export type SqliteKinds = typeof sqliteKinds;
export type MysqlKinds = typeof mysqlKinds;
