/** All repositories over one executor: what the gateway calls instead of its per-table `xxxDb` objects. */

import type { ApiRequestLogWriter } from '../log-writer.js';
import type { OrmContext } from '../orm/orm-context.js';
import {
  type ApiRequestsRepository,
  type ApiRequestsRepositoryOptions,
  createApiRequestsRepository,
} from './api-requests-repository.js';
import {
  createExpertRoutingConfigsRepository,
  type ExpertRoutingConfigsRepository,
} from './expert-routing-configs-repository.js';
import {
  createExpertRoutingLogsRepository,
  type ExpertRoutingLogsRepository,
} from './expert-routing-logs-repository.js';
import {
  createModelRoutingRulesRepository,
  type ModelRoutingRulesRepository,
} from './model-routing-rules-repository.js';
import { createModelsRepository, type ModelsRepository } from './models-repository.js';
import { createPortkeyGatewaysRepository, type PortkeyGatewaysRepository } from './portkey-gateways-repository.js';
import { createProvidersRepository, type ProvidersRepository } from './providers-repository.js';
import { createRoutingConfigsRepository, type RoutingConfigsRepository } from './routing-configs-repository.js';
import { createSystemConfigRepository, type SystemConfigRepository } from './system-config-repository.js';
import { createUsersRepository, type UsersRepository } from './users-repository.js';
import { createVirtualKeysRepository, type VirtualKeysRepository } from './virtual-keys-repository.js';

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

/** The request logs' store when it is not the main one (LOG_DB_URL): its context and where its reads run. */
export interface LogStoreContexts {
  readonly ctx: OrmContext;
  readonly reads: OrmContext;
}

/**
 * `reads`: where dashboard and admin list queries run (a SQLite read worker, or MySQL read replicas); default
 * `ctx`. Lookups on the request path and everything security-relevant (keys, users, settings) stay on `ctx`.
 * `logs`: the store of api_requests, expert_routing_logs and the rollups; default the main store (`ctx`, `reads`).
 */
export function createRepositories(
  ctx: OrmContext,
  logWriter: ApiRequestLogWriter,
  options: RepositoriesOptions = {},
  reads: OrmContext = ctx,
  logs: LogStoreContexts = { ctx, reads },
): Repositories {
  return {
    users: createUsersRepository(ctx),
    providers: createProvidersRepository(ctx, reads),
    models: createModelsRepository(ctx, reads),
    virtualKeys: createVirtualKeysRepository(ctx, reads),
    systemConfig: createSystemConfigRepository(ctx),
    apiRequests: createApiRequestsRepository(logs.ctx, logWriter, options.apiRequests, {
      logs: logs.reads,
      config: reads,
    }),
    routingConfigs: createRoutingConfigsRepository(ctx, reads),
    portkeyGateways: createPortkeyGatewaysRepository(ctx, reads),
    modelRoutingRules: createModelRoutingRulesRepository(ctx, reads),
    expertRoutingConfigs: createExpertRoutingConfigsRepository(ctx, reads),
    expertRoutingLogs: createExpertRoutingLogsRepository(logs.ctx, logs.reads),
  };
}

export type * from './api-request-stats.js';
export type * from './api-request-trend.js';
export type { ApiRequestFilters, ApiRequestPage, NewApiRequestInput } from './api-requests-repository.js';
export type {
  CategoryStatistics,
  ExpertRoutingLogSummary,
  ExpertRoutingStatistics,
  NewExpertRoutingLogInput,
} from './expert-routing-logs-repository.js';
export type { TimeRangeOptions } from './logged-requests.js';
export type { GatewayHeartbeat } from './portkey-gateways-repository.js';
export type { CreateInput, UpdateInput } from './record-writes.js';
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
