/**
 * What a real legacy file holds must survive a write and a read through the Drizzle schema of each dialect,
 * byte for byte: 4-byte emoji, megabytes of text, 13-digit timestamps, REAL durations, and unique values that
 * differ only by letter case or a trailing space (distinct in SQLite, so distinct here).
 */
import { randomBytes } from 'node:crypto';
import { testDialects } from '@gateway-db/test-support';
import { eq } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { drizzle as drizzleMysql } from 'drizzle-orm/mysql2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiRequest, Provider, User } from '../src/index.js';
import * as mysqlSchema from '../src/mysql.js';
import * as sqliteSchema from '../src/sqlite.js';
import { type OpenedMysql, type OpenedSqlite, openStoreWithSchema } from './support/open-test-stores.js';

const FIVE_MB = 5 * 1024 * 1024;
const emojiText = '路由 🚀👩‍💻 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 \u{1F9EA}';
/** 5 MB of varied UTF-8 (ASCII, CJK, emoji) so a charset or length problem cannot hide. */
const bigText = (() => {
  const unit = `${randomBytes(512).toString('base64')} 中文内容 ${emojiText}\n`;
  return unit.repeat(Math.ceil(FIVE_MB / Buffer.byteLength(unit))).slice(0, FIVE_MB);
})();
const timestamp = 1764115200123; // 13 digits

/** The two stores behind one small interface, so each test reads the same on both dialects. */
interface RoundTripStore {
  insertUser(user: User): Promise<void>;
  usersByName(username: string): Promise<User[]>;
  insertProvider(provider: Provider): Promise<void>;
  provider(id: string): Promise<Provider | undefined>;
  insertRequest(request: ApiRequest): Promise<void>;
  request(id: string): Promise<ApiRequest | undefined>;
  close(): Promise<void>;
}

function sqliteStore(opened: OpenedSqlite): RoundTripStore {
  const db = drizzleSqlite(opened.db, { schema: sqliteSchema });
  const s = sqliteSchema;
  return {
    insertUser: async (u) => void db.insert(s.users).values(u).run(),
    usersByName: async (n) => db.select().from(s.users).where(eq(s.users.username, n)).all(),
    insertProvider: async (p) => void db.insert(s.providers).values(p).run(),
    provider: async (id) => db.select().from(s.providers).where(eq(s.providers.id, id)).get(),
    insertRequest: async (r) => void db.insert(s.apiRequests).values(r).run(),
    request: async (id) => db.select().from(s.apiRequests).where(eq(s.apiRequests.id, id)).get(),
    close: () => opened.close(),
  };
}

function mysqlStore(opened: OpenedMysql): RoundTripStore {
  const db = drizzleMysql(opened.connection, { schema: mysqlSchema, mode: 'default' });
  const s = mysqlSchema;
  return {
    insertUser: async (u) => void (await db.insert(s.users).values(u)),
    usersByName: async (n) => db.select().from(s.users).where(eq(s.users.username, n)),
    insertProvider: async (p) => void (await db.insert(s.providers).values(p)),
    provider: async (id) => (await db.select().from(s.providers).where(eq(s.providers.id, id)))[0],
    insertRequest: async (r) => void (await db.insert(s.apiRequests).values(r)),
    request: async (id) => (await db.select().from(s.apiRequests).where(eq(s.apiRequests.id, id)))[0],
    close: () => opened.close(),
  };
}

describe.each(testDialects())('values round-trip unchanged on %s', (dialect) => {
  let store: RoundTripStore;
  beforeAll(async () => {
    const opened = await openStoreWithSchema(dialect);
    store = opened.dialect === 'sqlite' ? sqliteStore(opened) : mysqlStore(opened);
  });
  afterAll(async () => {
    await store?.close();
  });

  const user = (id: string, username: string): User => ({
    id,
    username,
    password_hash: `${'a'.repeat(32)}:${'b'.repeat(64)}`,
    created_at: timestamp,
    updated_at: timestamp,
  });

  it('keeps two usernames that differ only by letter case or a trailing space apart', async () => {
    await store.insertUser(user('u1', 'admin'));
    await store.insertUser(user('u2', 'Admin'));
    await store.insertUser(user('u3', 'admin '));
    expect((await store.usersByName('admin')).map((u) => u.id)).toEqual(['u1']);
    expect((await store.usersByName('Admin')).map((u) => u.id)).toEqual(['u2']);
    expect((await store.usersByName('admin ')).map((u) => u.id)).toEqual(['u3']);
    expect(await store.usersByName('ADMIN')).toEqual([]);
  });

  it('still refuses a username that is exactly equal', async () => {
    await expect(store.insertUser(user('u4', 'admin'))).rejects.toThrow();
  });

  it('keeps ids that differ only by letter case apart', async () => {
    await store.insertUser(user('Key_A', 'case-1'));
    await store.insertUser(user('key_a', 'case-2'));
    expect((await store.usersByName('case-1'))[0]?.id).toBe('Key_A');
    expect((await store.usersByName('case-2'))[0]?.id).toBe('key_a');
  });

  it('stores a 4-byte emoji, a 5 MB text and a 13-digit timestamp byte-identical', async () => {
    const provider: Provider = {
      id: `prov ${emojiText}`,
      name: emojiText,
      base_url: 'https://api.example.com/v1',
      api_key: 'ab12:cd34',
      model_mapping: bigText,
      enabled: null,
      created_at: timestamp,
      updated_at: timestamp + 1,
    };
    await store.insertProvider(provider);
    const back = await store.provider(provider.id);
    expect(back).toEqual(provider);
    expect(Buffer.from(back?.model_mapping ?? '').equals(Buffer.from(bigText))).toBe(true);
  });

  it('keeps REAL durations, 64-bit token counts and NUL characters', async () => {
    const request: ApiRequest = {
      id: 'req-1',
      virtual_key_id: null,
      provider_id: null,
      model: 'gpt-4o\u0000mini',
      prompt_tokens: 2 ** 40,
      completion_tokens: 0,
      total_tokens: 2 ** 40,
      status: 'success',
      response_time: 12.5,
      error_message: null,
      created_at: timestamp,
      request_body: '{"a":"\u0000"}',
      response_body: '{not json',
      cache_hit: false,
      prompt_cache_hit_tokens: 3,
      prompt_cache_write_tokens: 4,
      rolled_up: true,
    };
    await store.insertRequest(request);
    expect(await store.request('req-1')).toEqual(request);
  });
});
