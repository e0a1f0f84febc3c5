// A CommonJS consumer: `require` resolves gateway-db's `require` export (dist-cjs/).
const gatewayDb = require('gateway-db');
const roundTrip = require('./round-trip.cjs');

roundTrip(gatewayDb, 'cjs').catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
