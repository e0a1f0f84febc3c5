/**
 * `db.orm`: the typed Drizzle client the gateway uses for its own queries. It must see what the repositories
 * wrote and the other way round, compare ids and keys byte for byte, take part in `db.transaction`, and fail
 * with GatewayDbError codes whose messages carry no bound value.
 */
import { testDialects } from '@gateway-db/test-support';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayDb, type GatewayDb, GatewayDbError, silentLogger } from '../../src/index.js';
import { testStoreConfig } from '../helpers/test-store.js';

const SECRET = 'vk_orm_secret_marker_4711';

describe.each(testDialects())('db.orm on %s', (dialect) => {
  let db: GatewayDb;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const store = await testStoreConfig(dialect, 'orm');
    drop = store.drop;
    db = await createGatewayDb({ config: store.config, logger: silentLogger, legacyImporter: false });
  });
  beforeEach(async () => {
    for (const key of await db.virtualKeys.getAll()) await db.virtualKeys.delete(key.id);
    for (const provider of await db.providers.getAll()) await db.providers.delete(provider.id);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  const newKey = (keyValue: string) =>
    db.virtualKeys.create({ key_value: keyValue, key_hash: `hash-${keyValue}`, name: keyValue });

  it('is the client and tables of the store dialect', () => {
    expect(db.orm.dialect).toBe(dialect);
    expect(db.orm.tables.virtualKeys).toBeDefined();
    expect(db.orm.tables.apiRequests).toBeDefined();
  });

  it('reads what a repository wrote, with the same row values', async () => {
    const created = await newKey('vk_read_me');
    const orm = db.orm;
    const rows =
      orm.dialect === 'sqlite'
        ? await orm.client.select().from(orm.tables.virtualKeys).where(eq(orm.tables.virtualKeys.id, created.id))
        : await orm.client.select().from(orm.tables.virtualKeys).where(eq(orm.tables.virtualKeys.id, created.id));
    expect(rows).toEqual([created]);
    expect(typeof rows[0]?.enabled).toBe('boolean');
  });

  it('writes what a repository then reads', async () => {
    const created = await newKey('vk_update_me');
    const orm = db.orm;
    const { virtualKeys } = orm.tables;
    if (orm.dialect === 'sqlite')
      await orm.client
        .update(orm.tables.virtualKeys)
        .set({ enabled: false, rate_limit: 7 })
        .where(eq(orm.tables.virtualKeys.id, created.id));
    else
      await orm.client
        .update(orm.tables.virtualKeys)
        .set({ enabled: false, rate_limit: 7 })
        .where(eq(virtualKeys.id, created.id));
    expect(await db.virtualKeys.getById(created.id)).toMatchObject({ enabled: false, rate_limit: 7 });
  });

  it('matches keys byte for byte: letter case and trailing spaces count', async () => {
    await newKey('vk_Exact');
    const orm = db.orm;
    const lookup = async (value: string) =>
      orm.dialect === 'sqlite'
        ? (
            await orm.client
              .select({ v: orm.tables.virtualKeys.key_value })
              .from(orm.tables.virtualKeys)
              .where(eq(orm.tables.virtualKeys.key_value, value))
          ).map((r) => r.v)
        : (
            await orm.client
              .select({ v: orm.tables.virtualKeys.key_value })
              .from(orm.tables.virtualKeys)
              .where(eq(orm.tables.virtualKeys.key_value, value))
          ).map((r) => r.v);
    expect(await lookup('vk_Exact')).toEqual(['vk_Exact']);
    expect(await lookup('vk_exact')).toEqual([]);
    expect(await lookup('vk_Exact ')).toEqual([]);
  });

  it('takes part in db.transaction: rolled back with it, committed with it', async () => {
    const failure = new Error('undo');
    await expect(
      db.transaction(async (tx) => {
        const orm = tx.orm;
        const row = {
          id: 'p-rolled-back',
          name: 'gone',
          base_url: 'http://x',
          api_key: 'iv:c',
          created_at: 1,
          updated_at: 1,
        };
        if (orm.dialect === 'sqlite') await orm.client.insert(orm.tables.providers).values(row);
        else await orm.client.insert(orm.tables.providers).values(row);
        expect(await tx.providers.getById('p-rolled-back')).toBeDefined();
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await db.providers.getById('p-rolled-back')).toBeUndefined();

    await db.transaction(async (tx) => {
      const orm = tx.orm;
      const row = { id: 'p-kept', name: 'kept', base_url: 'http://x', api_key: 'iv:c', created_at: 1, updated_at: 1 };
      if (orm.dialect === 'sqlite') await orm.client.insert(orm.tables.providers).values(row);
      else await orm.client.insert(orm.tables.providers).values(row);
    });
    expect((await db.providers.getById('p-kept'))?.name).toBe('kept');
  });

  it('keeps other requests out of an open transaction: they see it committed, or not at all', async () => {
    let inserted!: () => void;
    let release!: () => void;
    const insertedSignal = new Promise<void>((resolve) => (inserted = resolve));
    const hold = new Promise<void>((resolve) => (release = resolve));
    const transaction = db.transaction(async (tx) => {
      const orm = tx.orm;
      const row = {
        id: 'p-isolated',
        name: 'iso',
        base_url: 'http://x',
        api_key: 'iv:c',
        created_at: 1,
        updated_at: 1,
      };
      if (orm.dialect === 'sqlite') await orm.client.insert(orm.tables.providers).values(row);
      else await orm.client.insert(orm.tables.providers).values(row);
      inserted();
      await hold;
    });
    await insertedSignal;
    // Another request, outside the transaction, while it is open and not committed.
    let answered = false;
    const reader = db.providers.getById('p-isolated').then((row) => {
      answered = true;
      return row;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // SQLite (one shared connection): the reader waits for the transaction. MySQL: it reads committed data now.
    expect(answered).toBe(dialect === 'mysql');
    release();
    await transaction;
    const seen = await reader;
    if (dialect === 'sqlite') expect(seen?.name).toBe('iso');
    else expect(seen).toBeUndefined();
  });

  it('refuses its own client.transaction(), pointing to db.transaction', async () => {
    const orm = db.orm;
    const attempt =
      orm.dialect === 'sqlite'
        ? orm.client.transaction(async () => undefined)
        : orm.client.transaction(async () => undefined);
    await expect(attempt).rejects.toThrow(/db\.transaction/);
  });

  it('fails a duplicate key with CONFLICT, and no message carries the bound value', async () => {
    await newKey(SECRET);
    const orm = db.orm;
    const duplicate = {
      id: 'dup',
      key_value: SECRET,
      key_hash: 'other-hash',
      name: 'dup',
      created_at: 1,
      updated_at: 1,
    };
    const error: unknown =
      orm.dialect === 'sqlite'
        ? await orm.client
            .insert(orm.tables.virtualKeys)
            .values(duplicate)
            .catch((e: unknown) => e)
        : await orm.client
            .insert(orm.tables.virtualKeys)
            .values(duplicate)
            .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayDbError);
    expect((error as GatewayDbError).code).toBe('CONFLICT');
    const text = `${(error as Error).message} ${String((error as Error).stack)} ${JSON.stringify(error)}`;
    expect(text).not.toContain(SECRET);
  });

  it('fails a statement error with QUERY, and no message carries the bound value', async () => {
    const orm = db.orm;
    const broken = sql`SELECT ${SECRET} FROM no_such_table_for_orm`;
    const error: unknown =
      orm.dialect === 'sqlite'
        ? await orm.client.all(broken).catch((e: unknown) => e)
        : await orm.client.execute(broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayDbError);
    expect(`${(error as Error).message} ${String((error as Error).stack)}`).not.toContain(SECRET);
  });

  it('runs a filtered aggregate the repositories do not offer', async () => {
    await newKey('vk_a');
    const disabled = await newKey('vk_b');
    await db.virtualKeys.update(disabled.id, { enabled: false });
    const orm = db.orm;
    const [row] =
      orm.dialect === 'sqlite'
        ? await orm.client
            .select({ n: sql<number>`count(*)` })
            .from(orm.tables.virtualKeys)
            .where(and(eq(orm.tables.virtualKeys.enabled, true)))
        : await orm.client
            .select({ n: sql<number>`count(*)` })
            .from(orm.tables.virtualKeys)
            .where(and(eq(orm.tables.virtualKeys.enabled, true)));
    expect(Number(row?.n)).toBe(1);
  });
});
