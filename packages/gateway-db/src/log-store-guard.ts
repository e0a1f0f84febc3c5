/**
 * With LOG_DB_URL the request logs live in their own store, and the main store's log tables are no longer read:
 * request logs already in the main store would silently vanish from every dashboard and escape retention. So a
 * main store that holds any is refused, saying how to move them.
 */
import type { StoreExecutor } from '@gateway-db/core/dialect/store-executor.js';
import { GatewayDbError } from '@gateway-db/core/errors.js';
import { createOrmContext } from './orm/orm-context.js';

export async function refuseLogsLeftInMainStore(main: StoreExecutor, mainName: string): Promise<void> {
  const { client, tables } = createOrmContext(main);
  for (const table of [tables.apiRequests, tables.expertRoutingLogs]) {
    const [row] = await client.select({ id: table.id }).from(table).limit(1);
    if (row === undefined) continue;
    throw new GatewayDbError({
      code: 'CONFIG',
      message:
        `LOG_DB_URL is set, but the main store ${mainName} already holds request logs, which would no longer be ` +
        'shown or cleaned. Move them first: `pnpm migrate --from <the main store> --to <an empty main store> ' +
        '--log-to <the LOG_DB_URL store>` and point the gateway at the new main store; or unset LOG_DB_URL',
    });
  }
}
