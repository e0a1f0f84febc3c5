import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { testDatabaseName } from '../src/test-database.js';
import { MYSQL_ONLY_TEST_FILES, testFilesLeftOut } from '../src/test-files.js';
import { DEFAULT_TEST_DB_PREFIX, testDatabasePrefix } from '../src/test-prefix.js';

describe('test database names', () => {
  it('carry TEST_DB_PREFIX, gwtest_ by default', () => {
    expect(testDatabasePrefix({})).toBe(DEFAULT_TEST_DB_PREFIX);
    expect(testDatabasePrefix({ TEST_DB_PREFIX: ' ci42_ ' })).toBe('ci42_');
    expect(testDatabaseName('users').startsWith(inject('testDatabasePrefix'))).toBe(true);
  });

  it.each(['1abc', 'with-dash', 'quote`', 'a'.repeat(25)])('rejects the prefix %j', (prefix) => {
    expect(() => testDatabasePrefix({ TEST_DB_PREFIX: prefix })).toThrow(
      /^TEST_DB_PREFIX must be 1-24 letters, digits or _/,
    );
  });

  it('stay unique and within 64 characters whatever the label', () => {
    const names = [testDatabaseName('x'.repeat(80)), testDatabaseName('x'.repeat(80))];
    expect(names.every((name) => name.length <= 64)).toBe(true);
    expect(new Set(names).size).toBe(2);
  });
});

describe('the MySQL-only test files', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));

  it.each(MYSQL_ONLY_TEST_FILES)('%s exists (a renamed file must be renamed in test-files.ts too)', (file) => {
    expect(existsSync(`${root}${file}`)).toBe(true);
  });

  it('are left out only of a run without mysql', () => {
    expect(testFilesLeftOut(['sqlite', 'mysql'])).toEqual([]);
    expect(testFilesLeftOut(['mysql'])).toEqual([]);
    expect(testFilesLeftOut(['sqlite'])).toEqual(MYSQL_ONLY_TEST_FILES);
  });
});
