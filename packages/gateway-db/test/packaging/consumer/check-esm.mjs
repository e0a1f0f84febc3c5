// An ES module consumer: `import` resolves gateway-db's `import` export (dist/).
import * as gatewayDb from 'gateway-db';
import roundTrip from './round-trip.cjs';

await roundTrip(gatewayDb, 'esm');
