/**
 * Drizzle wraps a failed statement in a DrizzleQueryError whose message lists the bound values. Wherever such a
 * wrapped driver error reaches core's mappings, it gets the code of the driver error inside, and the wrapper's
 * message (with the values) is not carried along.
 */
import Database from 'better-sqlite3';
import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mapMysqlError } from '../src/dialect/mysql/mysql-errors.js';
import { mapSqliteError } from '../src/dialect/sqlite/sqlite-errors.js';

const SECRET = 'vk_wrapped_secret_9931';

function sqliteUniqueError(): unknown {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY)');
  db.prepare('INSERT INTO t VALUES (?)').run(SECRET);
  try {
    db.prepare('INSERT INTO t VALUES (?)').run(SECRET);
  } catch (error) {
    return error;
  } finally {
    db.close();
  }
  throw new Error('expected a UNIQUE failure');
}

const everything = (error: Error) =>
  `${error.message} ${String(error.stack)} ${JSON.stringify(error)} ${String((error.cause as Error | undefined)?.message)}`;

describe('driver errors wrapped by Drizzle', () => {
  it('map a wrapped SQLite UNIQUE failure to CONFLICT, without the bound value', () => {
    const wrapped = new DrizzleQueryError('insert into "t" values (?)', [SECRET], sqliteUniqueError() as Error);
    expect(wrapped.message).toContain(SECRET);
    const mapped = mapSqliteError(wrapped);
    expect(mapped.code).toBe('CONFLICT');
    expect(everything(mapped)).not.toContain(SECRET);
  });

  it('map a wrapped MySQL duplicate entry to CONFLICT and a lost connection to CONNECTION, without the values', () => {
    const duplicate = Object.assign(new Error(`Duplicate entry '${SECRET}' for key 'PRIMARY'`), {
      code: 'ER_DUP_ENTRY',
      errno: 1062,
      sqlMessage: `Duplicate entry '${SECRET}' for key 'PRIMARY'`,
    });
    const mapped = mapMysqlError(new DrizzleQueryError('insert into `t` values (?)', [SECRET], duplicate));
    expect(mapped.code).toBe('CONFLICT');
    expect(everything(mapped)).not.toContain(SECRET);
    const lost = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(mapMysqlError(new DrizzleQueryError('select 1', [SECRET], lost)).code).toBe('CONNECTION');
  });
});
