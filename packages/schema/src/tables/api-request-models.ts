import { col } from '../column-spec.js';
import { defineTable } from '../table-spec.js';

/** A sha256 in hex. */
export const MODEL_KEY_BYTES = 64;

/**
 * The model strings the rollups name by key: rollups group by a 64-byte key instead of a LONGTEXT (a GROUP BY on
 * a LONGTEXT expression needs an on-disk temporary table on MariaDB), and the text stays exact at any length.
 */
export const apiRequestModelsSpec = defineTable({
  name: 'api_request_models',
  columns: {
    // sha256 (hex) of the model's UTF-8 bytes.
    id: col.key({ primaryKey: true, maxBytes: MODEL_KEY_BYTES }),
    model: col.text({ notNull: true }),
  },
  indexes: [],
});
