/**
 * The prefix of every test database and test folder: TEST_DB_PREFIX, default `gwtest_`. A shared server's leftover
 * test databases are then easy to find (`SHOW DATABASES LIKE 'gwtest\_%'`), and two checkouts can use different ones.
 */
export const DEFAULT_TEST_DB_PREFIX = 'gwtest_';

const PREFIX = /^[A-Za-z][A-Za-z0-9_]{0,23}$/;

/** Throws when TEST_DB_PREFIX is not 1-24 letters, digits or `_` starting with a letter (no quoting needed anywhere). */
export function testDatabasePrefix(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const prefix = env.TEST_DB_PREFIX?.trim() || DEFAULT_TEST_DB_PREFIX;
  if (!PREFIX.test(prefix)) {
    throw new Error(`TEST_DB_PREFIX must be 1-24 letters, digits or _, starting with a letter; got "${prefix}"`);
  }
  return prefix;
}
