/**
 * @gateway-db/schema: the 11 gateway tables and the dashboard rollups, defined once (tables/), emitted for SQLite (`./sqlite`) and MySQL
 * (`./mysql`). Row types are exported from here; the type tests prove both dialects infer exactly these.
 */
import type { InferInsertModel, InferSelectModel } from 'drizzle-orm';
import type * as sqlite from './sqlite.js';

export * from './column-spec.js';
export { DIALECTS, type Dialect, isDialect } from './dialect.js';
export { tablesInForeignKeyOrder } from './foreign-key-order.js';
export { inPlaceMigrationsFolder, migrationsFolder } from './migrations-folder.js';
export * from './table-spec.js';
export * from './tables/index.js';

export type User = InferSelectModel<typeof sqlite.users>;
export type NewUser = InferInsertModel<typeof sqlite.users>;
export type Provider = InferSelectModel<typeof sqlite.providers>;
export type NewProvider = InferInsertModel<typeof sqlite.providers>;
export type Model = InferSelectModel<typeof sqlite.models>;
export type NewModel = InferInsertModel<typeof sqlite.models>;
export type VirtualKey = InferSelectModel<typeof sqlite.virtualKeys>;
export type NewVirtualKey = InferInsertModel<typeof sqlite.virtualKeys>;
export type SystemConfig = InferSelectModel<typeof sqlite.systemConfig>;
export type NewSystemConfig = InferInsertModel<typeof sqlite.systemConfig>;
export type ApiRequest = InferSelectModel<typeof sqlite.apiRequests>;
export type NewApiRequest = InferInsertModel<typeof sqlite.apiRequests>;
export type RoutingConfig = InferSelectModel<typeof sqlite.routingConfigs>;
export type NewRoutingConfig = InferInsertModel<typeof sqlite.routingConfigs>;
export type PortkeyGateway = InferSelectModel<typeof sqlite.portkeyGateways>;
export type NewPortkeyGateway = InferInsertModel<typeof sqlite.portkeyGateways>;
export type ModelRoutingRule = InferSelectModel<typeof sqlite.modelRoutingRules>;
export type NewModelRoutingRule = InferInsertModel<typeof sqlite.modelRoutingRules>;
export type ExpertRoutingConfig = InferSelectModel<typeof sqlite.expertRoutingConfigs>;
export type NewExpertRoutingConfig = InferInsertModel<typeof sqlite.expertRoutingConfigs>;
export type ExpertRoutingLog = InferSelectModel<typeof sqlite.expertRoutingLogs>;
export type NewExpertRoutingLog = InferInsertModel<typeof sqlite.expertRoutingLogs>;
export type ApiRequestRollup = InferSelectModel<typeof sqlite.apiRequestRollups>;
export type NewApiRequestRollup = InferInsertModel<typeof sqlite.apiRequestRollups>;
export type ApiRequestModel = InferSelectModel<typeof sqlite.apiRequestModels>;
export type NewApiRequestModel = InferInsertModel<typeof sqlite.apiRequestModels>;
export type ApiRequestRollupState = InferSelectModel<typeof sqlite.apiRequestRollupState>;
export type NewApiRequestRollupState = InferInsertModel<typeof sqlite.apiRequestRollupState>;
