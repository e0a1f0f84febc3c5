import { col, MAX_INDEX_BYTES } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

export const usersSpec = defineTable({
  name: 'users',
  columns: {
    id: col.key({ primaryKey: true }),
    // `admin` and `admin ` are two users, as in the legacy file.
    username: col.key({ notNull: true, maxBytes: MAX_INDEX_BYTES }),
    password_hash: col.text({ notNull: true }),
    created_at: col.timestamp({ notNull: true }),
    updated_at: col.timestamp({ notNull: true }),
  },
  indexes: [{ name: 'users_username_unique', columns: ['username'], unique: true }],
});
