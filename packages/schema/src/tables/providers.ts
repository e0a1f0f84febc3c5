import { col, MAX_INDEX_BYTES } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

/** Provider ids are typed in by the admin (free text), so they get the widest key MySQL can index. */
export const PROVIDER_ID_BYTES = MAX_INDEX_BYTES;

export const providersSpec = defineTable({
  name: 'providers',
  columns: {
    id: col.key({ primaryKey: true, maxBytes: PROVIDER_ID_BYTES }),
    name: col.text({ notNull: true }),
    base_url: col.text({ notNull: true }),
    // Encrypted `ivhex:cipherhex`: a secret, never logged.
    api_key: col.text({ notNull: true }),
    model_mapping: col.text(),
    enabled: col.flag({ default: true }),
    created_at: col.timestamp({ notNull: true }),
    updated_at: col.timestamp({ notNull: true }),
  },
  indexes: [],
});
