/** Row types as gateway-db's repositories return them (the example depends on `gateway-db` only). */
import type { GatewayDb } from 'gateway-db';

type RowOf<T extends (...args: never[]) => Promise<unknown>> = NonNullable<Awaited<ReturnType<T>>>;

export type VirtualKey = RowOf<GatewayDb['virtualKeys']['getById']>;
export type Model = RowOf<GatewayDb['models']['getById']>;
export type Provider = RowOf<GatewayDb['providers']['getById']>;
export type RoutingConfig = RowOf<GatewayDb['routingConfigs']['getById']>;
export type ApiRequestInput = Parameters<GatewayDb['apiRequests']['create']>[0];
