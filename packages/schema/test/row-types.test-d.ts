import type { InferInsertModel, InferSelectModel } from 'drizzle-orm';
import { describe, expectTypeOf, it } from 'vitest';
import type * as mysql from '../src/mysql.js';
import type * as sqlite from '../src/sqlite.js';

describe('row types are identical on SQLite and MySQL', () => {
  it('users', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.users>>().toEqualTypeOf<InferSelectModel<typeof mysql.users>>();
    expectTypeOf<InferInsertModel<typeof sqlite.users>>().toEqualTypeOf<InferInsertModel<typeof mysql.users>>();
  });
  it('providers', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.providers>>().toEqualTypeOf<InferSelectModel<typeof mysql.providers>>();
    expectTypeOf<InferInsertModel<typeof sqlite.providers>>().toEqualTypeOf<InferInsertModel<typeof mysql.providers>>();
  });
  it('models', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.models>>().toEqualTypeOf<InferSelectModel<typeof mysql.models>>();
    expectTypeOf<InferInsertModel<typeof sqlite.models>>().toEqualTypeOf<InferInsertModel<typeof mysql.models>>();
  });
  it('virtual_keys', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.virtualKeys>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.virtualKeys>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.virtualKeys>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.virtualKeys>
    >();
  });
  it('system_config', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.systemConfig>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.systemConfig>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.systemConfig>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.systemConfig>
    >();
  });
  it('api_requests', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.apiRequests>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.apiRequests>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.apiRequests>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.apiRequests>
    >();
  });
  it('routing_configs', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.routingConfigs>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.routingConfigs>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.routingConfigs>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.routingConfigs>
    >();
  });
  it('portkey_gateways', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.portkeyGateways>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.portkeyGateways>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.portkeyGateways>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.portkeyGateways>
    >();
  });
  it('model_routing_rules', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.modelRoutingRules>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.modelRoutingRules>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.modelRoutingRules>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.modelRoutingRules>
    >();
  });
  it('expert_routing_configs', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.expertRoutingConfigs>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.expertRoutingConfigs>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.expertRoutingConfigs>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.expertRoutingConfigs>
    >();
  });
  it('expert_routing_logs', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.expertRoutingLogs>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.expertRoutingLogs>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.expertRoutingLogs>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.expertRoutingLogs>
    >();
  });
  it('api_request_rollups, api_request_models, api_request_rollup_state', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.apiRequestRollups>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.apiRequestRollups>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.apiRequestRollups>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.apiRequestRollups>
    >();
    expectTypeOf<InferSelectModel<typeof sqlite.apiRequestModels>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.apiRequestModels>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.apiRequestModels>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.apiRequestModels>
    >();
    expectTypeOf<InferSelectModel<typeof sqlite.apiRequestRollupState>>().toEqualTypeOf<
      InferSelectModel<typeof mysql.apiRequestRollupState>
    >();
    expectTypeOf<InferInsertModel<typeof sqlite.apiRequestRollupState>>().toEqualTypeOf<
      InferInsertModel<typeof mysql.apiRequestRollupState>
    >();
  });
});

describe('row types carry the legacy column semantics', () => {
  it('returns flags as nullable booleans and timestamps as numbers', () => {
    type Key = InferSelectModel<typeof mysql.virtualKeys>;
    expectTypeOf<Key['enabled']>().toEqualTypeOf<boolean | null>();
    expectTypeOf<Key['created_at']>().toEqualTypeOf<number>();
    expectTypeOf<Key['key_value']>().toEqualTypeOf<string>();
    expectTypeOf<Key['model_id']>().toEqualTypeOf<string | null>();
  });
  it('keeps REAL durations as numbers', () => {
    expectTypeOf<InferSelectModel<typeof sqlite.apiRequests>['response_time']>().toEqualTypeOf<number | null>();
  });
  it('does not accept a row without its NOT NULL columns', () => {
    type NewUser = InferInsertModel<typeof sqlite.users>;
    expectTypeOf<{ id: string; username: string }>().not.toMatchTypeOf<NewUser>();
  });
});
