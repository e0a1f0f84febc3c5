import { isGatewayDbError } from '@gateway-db/core/errors.js';
import { testDialects } from '@gateway-db/test-support';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestStore, type TestStore } from './support/test-store.js';

const PASSWORD_HASH = `${'a'.repeat(32)}:${'b'.repeat(64)}`;

describe.each(testDialects())('users on %s', (dialect) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore(dialect);
  });
  afterAll(async () => store?.close());
  beforeEach(async () => store.reset());

  it('generates a 21-character nanoid-style id and sets both timestamps when none is given', async () => {
    const before = Date.now();
    const user = await store.repos.users.create({ username: 'admin', password_hash: PASSWORD_HASH });
    expect(user.id).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(user.created_at).toBeGreaterThanOrEqual(before);
    expect(user.updated_at).toBe(user.created_at);
    expect(typeof user.created_at).toBe('number');
    expect(await store.repos.users.findById(user.id)).toEqual(user);
  });

  it('keeps the id it is given', async () => {
    const user = await store.repos.users.create({ id: 'user-1', username: 'admin', password_hash: PASSWORD_HASH });
    expect(user.id).toBe('user-1');
  });

  it('finds a user only by the exact username: `admin`, `admin ` and `Admin` are three users', async () => {
    const plain = await store.repos.users.create({ username: 'admin', password_hash: PASSWORD_HASH });
    const spaced = await store.repos.users.create({ username: 'admin ', password_hash: PASSWORD_HASH });
    expect((await store.repos.users.findByUsername('admin'))?.id).toBe(plain.id);
    expect((await store.repos.users.findByUsername('admin '))?.id).toBe(spaced.id);
    expect(await store.repos.users.findByUsername('Admin')).toBeUndefined();
  });

  it('returns undefined, not an error, for a user that does not exist', async () => {
    expect(await store.repos.users.findById('nobody')).toBeUndefined();
    expect(await store.repos.users.findByUsername('nobody')).toBeUndefined();
  });

  it('lists users ordered by username', async () => {
    for (const username of ['carol', 'alice', 'bob']) {
      await store.repos.users.create({ username, password_hash: PASSWORD_HASH });
    }
    expect((await store.repos.users.getAll()).map((user) => user.username)).toEqual(['alice', 'bob', 'carol']);
  });

  it('round-trips CJK and 4-byte emoji in usernames', async () => {
    const user = await store.repos.users.create({ username: '管理员🚀', password_hash: PASSWORD_HASH });
    expect((await store.repos.users.findByUsername('管理员🚀'))?.id).toBe(user.id);
  });

  it('refuses a second user with the same username as a CONFLICT', async () => {
    await store.repos.users.create({ username: 'admin', password_hash: PASSWORD_HASH });
    const error = await store.repos.users.create({ username: 'admin', password_hash: PASSWORD_HASH }).catch((e) => e);
    expect(isGatewayDbError(error, 'CONFLICT')).toBe(true);
  });
});
