/**
 * A gateway process in miniature, for the "two processes start at once" test: opens gateway-db as the gateway
 * does (config from the environment; the migrator's start-up import is found by createGatewayDb itself), prints
 * its log lines, closes.
 */
import { createGatewayDb } from 'gateway-db';

const db = await createGatewayDb({
  logger: { info: (m) => console.log(m), warn: (m) => console.log(m), error: (m) => console.log(m) },
});
await db.close();
