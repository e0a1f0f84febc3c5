/** All repositories over one executor: what the gateway calls instead of its per-table `xxxDb` objects. */
import type { SqlExecutor } from '../dialect/sql-executor.js';
import type { ApiRequestLogWriter } from '../log-writer.js';
import {
  type ApiRequestsRepository, type ApiRequestsRepositoryOptions, createApiRequestsRepository,
} from './api-requests-repository.js';
import {
  type ExpertRoutingConfigsRepository, createExpertRoutingConfigsRepository,
} from './expert-routing-configs-repository.js';
import {
  type ExpertRoutingLogsRepository, createExpertRoutingLogsRepository,
} from './expert-routing-logs-repository.js';
import {
  type ModelRoutingRulesRepository, createModelRoutingRulesRepository,
} from './model-routing-rules-repository.js';
import { type ModelsRepository, createModelsRepository } from './models-repository.js';
import { type PortkeyGatewaysRepository, createPortkeyGatewaysRepository } from './portkey-gateways-repository.js';
import { type ProvidersRepository, createProvidersRepository } from './providers-repository.js';
import { type RoutingConfigsRepository, createRoutingConfigsRepository } from './routing-configs-repository.js';
import { type SystemConfigRepository, createSystemConfigRepository } from './system-config-repository.js';
import { type UsersRepository, createUsersRepository } from './users-repository.js';
import { type VirtualKeysRepository, createVirtualKeysRepository } from './virtual-keys-repository.js';

export interface Repositories {
  users: UsersRepository;
  providers: ProvidersRepository;
  models: ModelsRepository;
  virtualKeys: VirtualKeysRepository;
  systemConfig: SystemConfigRepository;
  apiRequests: ApiRequestsRepository;
  routingConfigs: RoutingConfigsRepository;
  portkeyGateways: PortkeyGatewaysRepository;
  modelRoutingRules: ModelRoutingRulesRepository;
  expertRoutingConfigs: ExpertRoutingConfigsRepository;
  expertRoutingLogs: ExpertRoutingLogsRepository;
}

export interface RepositoriesOptions {
  apiRequests?: ApiRequestsRepositoryOptions;
}

export function createRepositories(
  executor: SqlExecutor,
  logWriter: ApiRequestLogWriter,
  options: RepositoriesOptions = {},
): Repositories {
  return {
    users: createUsersRepository(executor),
    providers: createProvidersRepository(executor),
    models: createModelsRepository(executor),
    virtualKeys: createVirtualKeysRepository(executor),
    systemConfig: createSystemConfigRepository(executor),
    apiRequests: createApiRequestsRepository(executor, logWriter, options.apiRequests),
    routingConfigs: createRoutingConfigsRepository(executor),
    portkeyGateways: createPortkeyGatewaysRepository(executor),
    modelRoutingRules: createModelRoutingRulesRepository(executor),
    expertRoutingConfigs: createExpertRoutingConfigsRepository(executor),
    expertRoutingLogs: createExpertRoutingLogsRepository(executor),
  };
}

export type * from './api-request-stats.js';
export type * from './api-request-trend.js';
export type { ApiRequestFilters, ApiRequestPage, NewApiRequestInput } from './api-requests-repository.js';
export type {
  CategoryStatistics, ExpertRoutingLogSummary, ExpertRoutingStatistics, NewExpertRoutingLogInput,
} from './expert-routing-logs-repository.js';
export type { GatewayHeartbeat } from './portkey-gateways-repository.js';
export type { TimeRangeOptions } from './logged-requests.js';
export type { CreateInput, UpdateInput } from './record-crud.js';
export type { VirtualKeyUpdate } from './virtual-keys-repository.js';
export type {
  ApiRequestsRepository,
  ApiRequestsRepositoryOptions,
  ExpertRoutingConfigsRepository,
  ExpertRoutingLogsRepository,
  ModelRoutingRulesRepository,
  ModelsRepository,
  PortkeyGatewaysRepository,
  ProvidersRepository,
  RoutingConfigsRepository,
  SystemConfigRepository,
  UsersRepository,
  VirtualKeysRepository,
};
