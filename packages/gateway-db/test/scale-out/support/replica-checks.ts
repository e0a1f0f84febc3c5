/** What the live replica tests check, for the main store's replicas and the log store's alike. */
import type { ReplicaPair } from '@gateway-db/test-support';
import { expect } from 'vitest';
import type { GatewayDb } from '../../../src/create-gateway-db.js';
import { eventually } from '../../faults/support/private-gateway.js';
import { apiRequestRow } from '../../helpers/rows.js';

/** Which of health()'s replica lists a test watches. */
export type ReplicaList = 'replicas' | 'logReplicas';

/** SELECTs the replica server has run so far (its own counter: proof that a read went there). */
export async function replicaSelects(pair: ReplicaPair): Promise<number> {
  const [row] = await pair.replica.admin("SHOW GLOBAL STATUS LIKE 'Com_select'");
  return Number(row?.Value);
}

/** Waits until the replica has everything the primary has and `db` counts it as up. */
export async function untilReplicaUp(db: GatewayDb, pair: ReplicaPair, list: ReplicaList): Promise<void> {
  await pair.caughtUp();
  expect(await eventually(async () => (await db.health())[list]?.[0]?.state === 'up', 10_000)).toBe(true);
}

/** Logs a row, flushes, reads the newest row back, `rounds` times: how many reads missed the row just logged. */
export async function staleLogReads(db: GatewayDb, rounds: number): Promise<number> {
  let stale = 0;
  for (let i = 0; i < rounds; i++) {
    const row = apiRequestRow();
    db.apiRequests.create(row);
    await db.apiRequests.flush();
    const page = await db.apiRequests.getAll({ pageSize: 1 });
    if (page.data[0]?.id !== row.id) stale++;
  }
  return stale;
}
