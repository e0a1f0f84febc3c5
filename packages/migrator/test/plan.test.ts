import * as sqliteSchema from '@gateway-db/schema/sqlite';
import { getTableName, is } from 'drizzle-orm';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { planTables } from '../src/plan.js';

const plans = planTables();
const planOf = (name: string) => {
  const plan = plans.find((p) => p.name === name);
  if (plan === undefined) throw new Error(`no plan for ${name}`);
  return plan;
};
const columnOf = (table: string, column: string) => planOf(table).columns.find((c) => c.name === column);

describe('the copy plan, read from the Drizzle tables of @gateway-db/schema', () => {
  it('covers every table of the schema, each after the tables it references', () => {
    const schemaNames = Object.values(sqliteSchema)
      .filter((v) => is(v, SQLiteTable))
      .map((t) => getTableName(t));
    expect(plans.map((p) => p.name).sort()).toEqual([...schemaNames].sort());
    const position = new Map(plans.map((p, i) => [p.name, i]));
    for (const plan of plans) {
      for (const fk of plan.foreignKeys) {
        if (fk.parent.name !== plan.name)
          expect(position.get(fk.parent.name), `${plan.name} -> ${fk.parent.name}`).toBeLessThan(
            position.get(plan.name) ?? -1,
          );
      }
    }
  });

  it('keeps the columns in table order with their value kinds, NOT NULL and defaults', () => {
    const requests = planOf('api_requests');
    expect(requests.columns.map((c) => c.name).slice(0, 3)).toEqual(['id', 'virtual_key_id', 'provider_id']);
    expect(requests.primaryKey.name).toBe('id');
    expect(columnOf('api_requests', 'response_time')).toMatchObject({
      value: 'real',
      notNull: false,
      defaultValue: null,
    });
    expect(columnOf('api_requests', 'created_at')).toMatchObject({ value: 'integer', notNull: true });
    expect(columnOf('api_requests', 'cache_hit')).toMatchObject({ value: 'integer', defaultValue: 0n });
    expect(columnOf('virtual_keys', 'routing_strategy')).toMatchObject({ value: 'text', defaultValue: 'single' });
  });

  it('takes the MySQL limits from the MySQL columns: VARBINARY bytes, VARCHAR characters, BOOLEAN range', () => {
    expect(columnOf('virtual_keys', 'key_value')?.mysqlLimit).toEqual({ kind: 'bytes', max: 3072 });
    expect(columnOf('users', 'id')?.mysqlLimit).toEqual({ kind: 'bytes', max: 255 });
    expect(columnOf('api_requests', 'status')?.mysqlLimit).toEqual({ kind: 'chars', max: 255 });
    expect(columnOf('virtual_keys', 'enabled')?.mysqlLimit).toEqual({ kind: 'range', min: -128n, max: 127n });
    expect(columnOf('api_requests', 'request_body')?.mysqlLimit).toBeUndefined();
  });

  it('finds the unique keys and foreign keys the pre-flight pass checks', () => {
    expect(planOf('virtual_keys').uniqueColumns.map((c) => c.name)).toEqual(['id', 'key_value', 'key_hash']);
    expect(planOf('virtual_keys').foreignKeys.map((fk) => [fk.column.name, fk.parent.name, fk.parentKey.name])).toEqual(
      [
        ['provider_id', 'providers', 'id'],
        ['model_id', 'models', 'id'],
      ],
    );
  });
});
