/**
 * `onQuery` and the slow-query warning: every statement reported with its kind, table, time and outcome, on the
 * store, in transactions and on the read path; never its text or values.
 */
import type { QueryEvent } from '@gateway-db/core/dialect/query-events.js';
import { shapeOf } from '@gateway-db/core/dialect/query-events.js';
import type { GatewayDbLogger, LogFields } from '@gateway-db/core/logger.js';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayDb, type GatewayDb } from '../src/create-gateway-db.js';
import { testStoreConfig } from './helpers/test-store.js';
import { aKey, aProvider } from './repositories/support/fixtures.js';

describe('statement shapes', () => {
  it('reads the kind and the first table named, nothing else', () => {
    expect(shapeOf('select `id` from `virtual_keys` where `key_value` = ?')).toEqual({
      kind: 'select',
      table: 'virtual_keys',
    });
    expect(shapeOf('  INSERT INTO `api_requests` (`id`) VALUES (?)')).toEqual({
      kind: 'insert',
      table: 'api_requests',
    });
    expect(shapeOf('update "providers" set "name" = ?')).toEqual({ kind: 'update', table: 'providers' });
    expect(shapeOf('(select 1) union all (select 2)')).toEqual({ kind: 'select' });
    expect(shapeOf('with t as (select * from x) select * from t')).toEqual({ kind: 'select', table: 'x' });
    expect(shapeOf('PRAGMA user_version')).toEqual({ kind: 'other' });
  });
});

describe.each(testDialects())('onQuery and GATEWAY_DB_SLOW_QUERY_MS on %s', (dialect) => {
  let db: GatewayDb;
  let drop: () => Promise<void>;
  const events: QueryEvent[] = [];
  const warnings: string[] = [];
  const warningFields: (LogFields | undefined)[] = [];
  const logger: GatewayDbLogger = {
    info: () => undefined,
    warn: (message, fields) => {
      warnings.push(message);
      warningFields.push(fields);
    },
    error: () => undefined,
  };

  beforeAll(async () => {
    const store = await testStoreConfig(dialect, 'queryevents');
    drop = store.drop;
    db = await createGatewayDb({
      config: { ...store.config, slowQueryMs: 1 },
      logger,
      onQuery: (event) => {
        events.push(event);
        if (event.table === 'users') throw new Error('an observer that fails');
      },
      legacyImporter: false,
      logWriter: { flushIntervalMs: 60_000 },
    });
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('reports lookups, writes, transactions and dashboard reads with kind, table, time and outcome', async () => {
    events.length = 0;
    const key = await aKey(db, 'sk-query-events-secret-value');
    await db.virtualKeys.getByKeyValue('sk-query-events-secret-value');
    await db.transaction(async (tx) => {
      await aProvider(tx, { name: 'in a transaction' });
    });
    await db.apiRequests.getStats({ startTime: 0, endTime: Date.now() });
    await db.users.getAll();
    expect(events).toContainEqual(expect.objectContaining({ kind: 'insert', table: 'virtual_keys', ok: true }));
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'select', table: 'virtual_keys', ok: true, inTransaction: false }),
    );
    expect(events).toContainEqual(expect.objectContaining({ kind: 'insert', table: 'providers', inTransaction: true }));
    expect(events.some((event) => event.table?.startsWith('api_request'))).toBe(true);
    expect(events.every((event) => event.durationMs >= 0)).toBe(true);
    // An observer that throws does not fail the call it watched.
    expect(events).toContainEqual(expect.objectContaining({ table: 'users', ok: true }));
    const shown = JSON.stringify(events) + warnings.join('\n');
    expect(shown).not.toContain('sk-query-events-secret-value');
    expect(shown).not.toContain(key.key_hash);
  });

  it('reports a failed statement with its error code', async () => {
    events.length = 0;
    await aProvider(db, { id: 'duplicate-provider' });
    await expect(aProvider(db, { id: 'duplicate-provider' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'insert', table: 'providers', ok: false, errorCode: 'CONFLICT' }),
    );
  });

  it('warns about statements slower than the setting, naming kind, table and time only', async () => {
    warnings.length = 0;
    warningFields.length = 0;
    // 1 ms: a multi-row write is slower than that on any machine.
    for (let i = 0; i < 300; i++)
      db.apiRequests.create({ model: 'm', status: 'success', request_body: 'x'.repeat(2000) });
    await db.apiRequests.flush();
    expect(
      warnings.some((line) =>
        /^slow query: (insert|select|update|other)( on \w+)? took \d+ ms \(GATEWAY_DB_SLOW_QUERY_MS=1\)$/.test(line),
      ),
    ).toBe(true);
    // The same facts as fields: kind, table and whole milliseconds, never the statement.
    expect(warningFields.length).toBe(warnings.length);
    for (const fields of warningFields) {
      expect(fields).toMatchObject({
        code: 'slow_query',
        kind: expect.stringMatching(/^(insert|select|update|other)$/),
      });
      expect(Number.isInteger(fields?.durationMs)).toBe(true);
      expect(
        Object.keys(fields ?? {}).every((key) => ['code', 'kind', 'table', 'durationMs', 'errorCode'].includes(key)),
      ).toBe(true);
    }
  });
});
