// A process that loads both builds: the app imports gateway-db (dist/) while a CommonJS dependency requires it
// (dist-cjs/). Their errors must be one kind of error to either copy.
import { createRequire } from 'node:module';
import * as esm from 'gateway-db';

const cjs = createRequire(import.meta.url)('gateway-db');
const fromCjs = new cjs.GatewayDbError({ code: 'CONNECTION', message: 'the server went away' });
const fromEsm = new esm.GatewayDbError({ code: 'BUSY', message: 'locked' });
console.log(
  JSON.stringify({
    twoCopies: cjs.GatewayDbError !== esm.GatewayDbError,
    cjsErrorIsEsmError: fromCjs instanceof esm.GatewayDbError && esm.isGatewayDbError(fromCjs, 'CONNECTION'),
    esmErrorIsCjsError: fromEsm instanceof cjs.GatewayDbError && cjs.isGatewayDbError(fromEsm, 'BUSY'),
    retryableAcross: esm.isRetryable(fromCjs) && cjs.isRetryable(fromEsm),
  }),
);
