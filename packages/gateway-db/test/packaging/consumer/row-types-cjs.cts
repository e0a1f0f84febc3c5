// The same package seen by a CommonJS TypeScript consumer: types from the `require` export (dist-cjs/).
import gatewayDb = require('gateway-db');

export async function providerOf(db: gatewayDb.GatewayDb, id: string): Promise<gatewayDb.Provider | undefined> {
  return db.providers.getById(id);
}
export const newVirtualKey: Omit<gatewayDb.NewVirtualKey, 'id'> | undefined = undefined;
export const open: typeof gatewayDb.createGatewayDb = gatewayDb.createGatewayDb;
