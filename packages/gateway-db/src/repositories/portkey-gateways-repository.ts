import { type NewPortkeyGateway, type PortkeyGateway, portkeyGatewaysSpec } from '@gateway-db/schema';
import type { SqlExecutor } from '../dialect/sql-executor.js';
import { generateId } from './generate-id.js';
import { type CreateInput, type UpdateInput, recordCrud } from './record-crud.js';
import { retryOnBusy } from './retry-on-busy.js';

export interface GatewayHeartbeat {
  agent_version?: string | null;
  install_status?: string;
}

export interface PortkeyGatewaysRepository {
  /** The default gateway first, then newest first. */
  getAll(): Promise<PortkeyGateway[]>;
  getById(id: string): Promise<PortkeyGateway | undefined>;
  /** The default gateway, only if it is enabled. */
  getDefault(): Promise<PortkeyGateway | undefined>;
  /** Enabled gateways, the default first, then newest first. */
  getEnabled(): Promise<PortkeyGateway[]>;
  /** `install_status` defaults to 'pending'; creating a default gateway clears the previous default. */
  create(input: CreateInput<NewPortkeyGateway>): Promise<PortkeyGateway>;
  /** Making a gateway the default clears the previous default, in the same transaction. */
  update(id: string, partial: UpdateInput<NewPortkeyGateway>): Promise<PortkeyGateway | undefined>;
  delete(id: string): Promise<boolean>;
  /** Stamps `last_heartbeat` with now and stores what the agent reported. */
  recordHeartbeat(id: string, heartbeat: GatewayHeartbeat): Promise<PortkeyGateway | undefined>;
}

const ORDER = 'ORDER BY `is_default` DESC, `created_at` DESC';

/** Within a transaction: no gateway but `keepId` stays the default. */
async function clearOtherDefaults(tx: SqlExecutor, keepId: string): Promise<void> {
  await tx.run('UPDATE `portkey_gateways` SET `is_default` = 0, `updated_at` = ? WHERE `is_default` = 1 AND `id` <> ?', [
    Date.now(),
    keepId,
  ]);
}

export function createPortkeyGatewaysRepository(executor: SqlExecutor): PortkeyGatewaysRepository {
  const crud = recordCrud<PortkeyGateway>(executor, portkeyGatewaysSpec);

  // One transaction each, so no reader ever sees two defaults; concurrent ones may deadlock on MySQL: retried.
  const create = (input: CreateInput<NewPortkeyGateway>) =>
    retryOnBusy(() =>
      executor.transaction(async (tx) => {
        const id = input.id ?? generateId();
        if (input.is_default) await clearOtherDefaults(tx, id);
        const row = { ...input, id, install_status: input.install_status ?? 'pending' };
        return recordCrud<PortkeyGateway>(tx, portkeyGatewaysSpec).create(row);
      }),
    );
  const update = (id: string, partial: UpdateInput<NewPortkeyGateway>) =>
    retryOnBusy(() =>
      executor.transaction(async (tx) => {
        const txCrud = recordCrud<PortkeyGateway>(tx, portkeyGatewaysSpec);
        if (partial.is_default) {
          if ((await txCrud.access.getById(id)) === undefined) return undefined;
          await clearOtherDefaults(tx, id);
        }
        return txCrud.update(id, partial);
      }),
    );

  return {
    getAll: () => crud.access.select(ORDER),
    getById: (id) => crud.access.getById(id),
    getDefault: () => crud.access.selectOne('WHERE `is_default` = 1 AND `enabled` = 1 LIMIT 1'),
    getEnabled: () => crud.access.select(`WHERE \`enabled\` = 1 ${ORDER}`),
    create,
    update,
    delete: (id) => crud.delete(id),
    async recordHeartbeat(id, heartbeat) {
      const now = Date.now();
      await crud.access.updateById(id, {
        last_heartbeat: now,
        updated_at: now,
        agent_version: heartbeat.agent_version,
        install_status: heartbeat.install_status,
      });
      return crud.access.getById(id);
    },
  };
}
