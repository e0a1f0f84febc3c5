// A strict TypeScript consumer (ES module): every row type and insert type by name from 'gateway-db', checked
// against what the repositories return. A type missing from the package's exports fails tsc here.
import {
  type ApiRequest,
  type ApiRequestModel,
  type ApiRequestRollup,
  type ApiRequestRollupState,
  createGatewayDb,
  type Dialect,
  type ExpertRoutingConfig,
  type ExpertRoutingLog,
  type GatewayDb,
  GatewayDbError,
  type Model,
  type ModelRoutingRule,
  type NewApiRequest,
  type NewApiRequestModel,
  type NewApiRequestRollup,
  type NewApiRequestRollupState,
  type NewExpertRoutingConfig,
  type NewExpertRoutingLog,
  type NewModel,
  type NewModelRoutingRule,
  type NewPortkeyGateway,
  type NewProvider,
  type NewRoutingConfig,
  type NewSystemConfig,
  type NewUser,
  type NewVirtualKey,
  type PortkeyGateway,
  type Provider,
  type RoutingConfig,
  type SystemConfig,
  type User,
  type VirtualKey,
} from 'gateway-db';

/** The rows each repository hands back, typed by the exported names. */
export async function rowsOf(db: GatewayDb): Promise<void> {
  const users: User[] = await db.users.getAll();
  const providers: Provider[] = await db.providers.getAll();
  const models: Model[] = await db.models.getAll();
  const keys: VirtualKey[] = await db.virtualKeys.getAll();
  const settings: SystemConfig[] = await db.systemConfig.getAll();
  const request: ApiRequest | undefined = await db.apiRequests.getById('r1');
  const routing: RoutingConfig[] = await db.routingConfigs.getAll();
  const gateways: PortkeyGateway[] = await db.portkeyGateways.getAll();
  const rules: ModelRoutingRule[] = await db.modelRoutingRules.getAll();
  const experts: ExpertRoutingConfig[] = await db.expertRoutingConfigs.getAll();
  const log: ExpertRoutingLog | undefined = await db.expertRoutingLogs.getById('l1');
  const firstName: string | undefined = providers[0]?.name;
  void [users, models, keys, settings, request, routing, gateways, rules, experts, log, firstName];
}

/** Insert types: a row to insert, without what the database fills in. */
export const newProvider: NewProvider = {
  id: 'p1',
  name: 'Example',
  base_url: 'https://llm.example',
  api_key: 'iv:cipher',
  created_at: 0,
  updated_at: 0,
};
export type InsertTypes = [
  NewUser,
  NewModel,
  NewVirtualKey,
  NewSystemConfig,
  NewApiRequest,
  NewRoutingConfig,
  NewPortkeyGateway,
  NewModelRoutingRule,
  NewExpertRoutingConfig,
  NewExpertRoutingLog,
  NewApiRequestRollup,
  NewApiRequestModel,
  NewApiRequestRollupState,
];
export type RollupRows = [ApiRequestRollup, ApiRequestModel, ApiRequestRollupState];
export const dialect: Dialect = 'sqlite';
export const failure = new GatewayDbError({ code: 'CONFIG', message: 'example' });
export const open: typeof createGatewayDb = createGatewayDb;
