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
  apiRequestsSpec,
  expertRoutingConfigsSpec,
  expertRoutingLogsSpec,
  modelRoutingRulesSpec,
  modelsSpec,
  portkeyGatewaysSpec,
  providersSpec,
  routingConfigsSpec,
  systemConfigSpec,
  usersSpec,
  virtualKeysSpec,
};

/** All 11 tables, in the order of the legacy spec (not an FK order: see `tablesInForeignKeyOrder`). */
export const tableSpecs = [
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

export type TableName = (typeof tableSpecs)[number]['name'];
