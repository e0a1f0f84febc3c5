/** The api_request_rollups columns in table order (the same on both dialects: one spec emits both). */
import type { NewApiRequestRollup } from '@gateway-db/schema';
import { apiRequestRollups } from '@gateway-db/schema/sqlite';
import { getTableColumns } from 'drizzle-orm';

export const ROLLUP_KEYS = Object.keys(getTableColumns(apiRequestRollups)) as (keyof NewApiRequestRollup & string)[];
