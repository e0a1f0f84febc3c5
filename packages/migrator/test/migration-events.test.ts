/** The migrator's `[Migration]` lines carry fields too: a finding's table, column and count, never row values. */
import type { GatewayDbLogger, LogFields } from '@gateway-db/core';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../src/findings.js';
import { withMigrationPrefix } from '../src/logger.js';
import { findingFields } from '../src/migration-events.js';

describe('migration log events', () => {
  it('passes the fields through the [Migration] prefix unchanged', () => {
    const seen: [string, LogFields | undefined][] = [];
    const inner: GatewayDbLogger = {
      info: (message, fields) => seen.push([message, fields]),
      warn: (message, fields) => seen.push([message, fields]),
      error: (message, fields) => seen.push([message, fields]),
    };
    withMigrationPrefix(inner).warn('users.username: NULL', { code: 'migration.finding', table: 'users', count: 2 });
    withMigrationPrefix(inner).info('no fields');
    expect(seen).toEqual([
      ['[Migration] users.username: NULL', { code: 'migration.finding', table: 'users', count: 2 }],
      ['[Migration] no fields', undefined],
    ]);
  });

  it('gives a finding its table, column, kind and count, and none of its row ids', () => {
    const finding: Finding = {
      severity: 'warning',
      kind: 'duplicate',
      table: 'virtual_keys',
      column: 'key_value',
      reason: 'the same value in several rows',
      count: 2,
      rowIds: ['row-SECRET-ID-1', 'row-SECRET-ID-2'],
    };
    const fields = findingFields(finding);
    expect(fields).toEqual({
      code: 'migration.finding',
      kind: 'duplicate',
      table: 'virtual_keys',
      columns: ['key_value'],
      count: 2,
    });
    expect(JSON.stringify(fields)).not.toContain('SECRET');
  });
});
