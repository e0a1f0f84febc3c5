// mysql2 is not installed in this project: asking for a MySQL store must say what to install. Port 1: should the
// driver be found after all, the connection fails at once instead of reaching a real server.
import { createGatewayDb, silentLogger } from 'gateway-db';

try {
  await createGatewayDb({ dialect: 'mysql', mysql: { host: '127.0.0.1', port: 1 }, logger: silentLogger });
  console.log(JSON.stringify({ opened: true }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, message: error.message }));
}
