import type { NewUser, User } from '@gateway-db/schema';
import { asc } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { type CreateInput, insertedRow, newRecord } from './record-writes.js';

export interface UsersRepository {
  create(input: CreateInput<NewUser>): Promise<User>;
  /** Exact match: `admin` and `admin ` are two users. */
  findByUsername(username: string): Promise<User | undefined>;
  findById(id: string): Promise<User | undefined>;
  /** Ordered by username (byte order, the same on both dialects). */
  getAll(): Promise<User[]>;
}

export function createUsersRepository(ctx: OrmContext): UsersRepository {
  const {
    client,
    tables: { users },
  } = ctx;
  const findById = hotLookup(ctx, users, users.id);
  return {
    async create(input) {
      const row = newRecord(users, input);
      await client.insert(users).values(row);
      return insertedRow(await findById(row.id), 'users', row.id);
    },
    // `username` is a key column (VARBINARY on MySQL), so `=` compares bytes on both dialects.
    findByUsername: hotLookup(ctx, users, users.username),
    findById,
    getAll: () => client.select().from(users).orderBy(asc(users.username)),
  };
}
