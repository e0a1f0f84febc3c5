import { type NewUser, type User, usersSpec } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { type CreateInput, recordCrud } from './record-crud.js';

export interface UsersRepository {
  create(input: CreateInput<NewUser>): Promise<User>;
  /** Exact match: `admin` and `admin ` are two users. */
  findByUsername(username: string): Promise<User | undefined>;
  findById(id: string): Promise<User | undefined>;
  /** Ordered by username (byte order, the same on both dialects). */
  getAll(): Promise<User[]>;
}

export function createUsersRepository(executor: SqlExecutor): UsersRepository {
  const crud = recordCrud<User>(executor, usersSpec);
  return {
    create: (input) => crud.create(input),
    // `username` is a key column (VARBINARY on MySQL), so `=` compares bytes on both dialects.
    findByUsername: (username) => crud.access.selectOne('WHERE `username` = ?', [username]),
    findById: (id) => crud.access.getById(id),
    getAll: () => crud.access.select('ORDER BY `username`'),
  };
}
