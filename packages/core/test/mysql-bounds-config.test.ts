/** The settings that bound every MySQL wait and the prepared statements a process holds: defaults and checks. */
import { describe, expect, it } from 'vitest';
import { loadConfig, type MysqlConfig } from '../src/config.js';

function mysqlOf(env: Record<string, string>): MysqlConfig {
  const config = loadConfig({ dialect: 'mysql' }, env, false);
  if (config.dialect !== 'mysql') throw new Error('expected mysql');
  return config.mysql;
}

describe('the MySQL bounds', () => {
  it('default to 10 s per statement, 10 s for a free connection and 64 prepared statements per connection', () => {
    expect(mysqlOf({}).pool).toMatchObject({
      statementTimeoutMs: 10_000,
      acquireTimeoutMs: 10_000,
      maxPreparedStatements: 64,
    });
  });

  it('are read from the environment', () => {
    const env = {
      MYSQL_STATEMENT_TIMEOUT_MS: '2500',
      MYSQL_ACQUIRE_TIMEOUT_MS: '750',
      MYSQL_MAX_PREPARED_STATEMENTS: '16',
    };
    expect(mysqlOf(env).pool).toMatchObject({
      statementTimeoutMs: 2_500,
      acquireTimeoutMs: 750,
      maxPreparedStatements: 16,
    });
  });

  it.each([
    ['MYSQL_STATEMENT_TIMEOUT_MS', '0'],
    ['MYSQL_STATEMENT_TIMEOUT_MS', 'soon'],
    ['MYSQL_ACQUIRE_TIMEOUT_MS', '-1'],
    ['MYSQL_MAX_PREPARED_STATEMENTS', '0'],
    ['MYSQL_MAX_PREPARED_STATEMENTS', '20000'],
  ])('refuse %s=%s, naming the setting', (name, value) => {
    expect(() => mysqlOf({ [name]: value })).toThrow(new RegExp(`^${name} must be a whole number`));
  });
});
