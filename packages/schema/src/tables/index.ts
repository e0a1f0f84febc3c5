import { apiRequestModelsSpec } from './api-request-models.js';
import { apiRequestRollupStateSpec } from './api-request-rollup-state.js';
import { apiRequestRollupsSpec, ROLLUP_MAX_COUNTED_VALUE } from './api-request-rollups.js';
import { apiRequestsSpec } from './api-requests.js';
import { expertRoutingConfigsSpec } from './expert-routing-configs.js';
import { expertRoutingLogsSpec } from './expert-routing-logs.js';
import { modelRoutingRulesSpec } from './model-routing-rules.js';
import { modelsSpec } from './models.js';
import { portkeyGatewaysSpec } from './portkey-gateways.js';
import { providersSpec } from './providers.js';
import { routingConfigsSpec } from './routing-configs.js';
import { systemConfigSpec } from './system-config.js';
import { usersSpec } from './users.js';
import { virtualKeysSpec } from './virtual-keys.js';

export {
  apiRequestModelsSpec,
  apiRequestRollupStateSpec,
  apiRequestRollupsSpec,
  apiRequestsSpec,
  expertRoutingConfigsSpec,
  expertRoutingLogsSpec,
  modelRoutingRulesSpec,
  modelsSpec,
  portkeyGatewaysSpec,
  providersSpec,
  ROLLUP_MAX_COUNTED_VALUE,
  routingConfigsSpec,
  systemConfigSpec,
  usersSpec,
  virtualKeysSpec,
};

/** The 11 tables of the legacy file, in the order of the legacy spec (not an FK order). */
export const legacyTableSpecs = [
  usersSpec,
  providersSpec,
  modelsSpec,
  virtualKeysSpec,
  systemConfigSpec,
  apiRequestsSpec,
  routingConfigsSpec,
  portkeyGatewaysSpec,
  modelRoutingRulesSpec,
  expertRoutingConfigsSpec,
  expertRoutingLogsSpec,
] as const;

/** Every table: the legacy 11, then the dashboard rollups gateway-db adds (not an FK order: see `tablesInForeignKeyOrder`). */
export const tableSpecs = [
  ...legacyTableSpecs,
  apiRequestRollupsSpec,
  apiRequestModelsSpec,
  apiRequestRollupStateSpec,
] as const;

/** The tables a legacy file can hold. */
export type LegacyTableName = (typeof legacyTableSpecs)[number]['name'];

export type TableName = (typeof tableSpecs)[number]['name'];

/**
 * What gateway-db added to the legacy schema: never in a legacy file, so its absence there is not worth a
 * finding (the tables start empty, the column takes its default).
 */
export const GATEWAY_DB_ADDITIONS: { readonly tables: ReadonlySet<string>; readonly columns: ReadonlySet<string> } = {
  tables: new Set([apiRequestRollupsSpec.name, apiRequestModelsSpec.name, apiRequestRollupStateSpec.name]),
  columns: new Set(['api_requests.rolled_up']),
};

/**
 * The request logs and their rollups: what a log store of its own holds (LOG_DB_URL), every other table staying in
 * the main store. The data layer and the migrator both split stores by this list.
 */
export const LOG_STORE_TABLES: ReadonlySet<TableName> = new Set([
  apiRequestsSpec.name,
  expertRoutingLogsSpec.name,
  apiRequestRollupsSpec.name,
  apiRequestModelsSpec.name,
  apiRequestRollupStateSpec.name,
]);
