import type { NewPortkeyGateway, PortkeyGateway } from '@gateway-db/schema';
import { and, desc, eq, ne } from 'drizzle-orm';
import { hotLookup } from '../orm/hot-lookup.js';
import type { OrmContext } from '../orm/orm-context.js';
import { type CreateInput, insertedRow, newRecord, type UpdateInput, updatableChanges } from './record-writes.js';
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

/** Within a transaction: no gateway but `keepId` stays the default. */
async function clearOtherDefaults(tx: OrmContext, keepId: string): Promise<void> {
  const { portkeyGateways: gateways } = tx.tables;
  await tx.client
    .update(gateways)
    .set({ is_default: false, updated_at: Date.now() })
    .where(and(eq(gateways.is_default, true), ne(gateways.id, keepId)));
}

export function createPortkeyGatewaysRepository(ctx: OrmContext, reads: OrmContext = ctx): PortkeyGatewaysRepository {
  const {
    client,
    ops,
    tables: { portkeyGateways: gateways },
  } = ctx;
  const getById = hotLookup(ctx, gateways, gateways.id);
  const defaultFirst = [desc(gateways.is_default), desc(gateways.created_at)];

  // One transaction each, so no reader ever sees two defaults; concurrent ones may deadlock on MySQL: retried.
  const create = (input: CreateInput<NewPortkeyGateway>) =>
    retryOnBusy(() =>
      ctx.transaction(async (tx) => {
        const row = newRecord(tx.tables.portkeyGateways, {
          ...input,
          install_status: input.install_status ?? 'pending',
        });
        if (row.is_default) await clearOtherDefaults(tx, row.id);
        await tx.client.insert(tx.tables.portkeyGateways).values(row);
        return insertedRow(
          await hotLookup(tx, tx.tables.portkeyGateways, tx.tables.portkeyGateways.id)(row.id),
          'portkey_gateways',
          row.id,
        );
      }),
    );
  const update = (id: string, partial: UpdateInput<NewPortkeyGateway>) =>
    retryOnBusy(() =>
      ctx.transaction(async (tx) => {
        const txGateways = tx.tables.portkeyGateways;
        const txGetById = hotLookup(tx, txGateways, txGateways.id);
        if (partial.is_default) {
          if ((await txGetById(id)) === undefined) return undefined;
          await clearOtherDefaults(tx, id);
        }
        const changes = updatableChanges(txGateways, partial);
        if (changes)
          await tx.client
            .update(txGateways)
            .set({ ...changes, updated_at: Date.now() })
            .where(eq(txGateways.id, id));
        return txGetById(id);
      }),
    );

  return {
    getAll: () =>
      reads.client
        .select()
        .from(gateways)
        .orderBy(...defaultFirst),
    getById,
    async getDefault() {
      const [row] = await client
        .select()
        .from(gateways)
        .where(and(eq(gateways.is_default, true), eq(gateways.enabled, true)))
        .limit(1);
      return row;
    },
    getEnabled: () =>
      client
        .select()
        .from(gateways)
        .where(eq(gateways.enabled, true))
        .orderBy(...defaultFirst),
    create,
    update,
    delete: async (id) => ops.affectedRows(await client.delete(gateways).where(eq(gateways.id, id))) > 0,
    async recordHeartbeat(id, heartbeat) {
      const now = Date.now();
      await client
        .update(gateways)
        .set({
          last_heartbeat: now,
          updated_at: now,
          agent_version: heartbeat.agent_version,
          install_status: heartbeat.install_status,
        })
        .where(eq(gateways.id, id));
      return getById(id);
    },
  };
}
