/**
 * Runs a transaction again when the database aborted it for a deadlock or lock wait (`BUSY`). InnoDB resolves a
 * deadlock by rolling one transaction back whole, so running it again is safe; it happens when several admins or
 * processes change the same small set of rows at once (e.g. two gateways made the default together).
 */
import { isGatewayDbError } from '@gateway-db/core/errors.js';

const ATTEMPTS = 8;
const FIRST_BACKOFF_MS = 5;

export async function retryOnBusy<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= ATTEMPTS || !isGatewayDbError(error, 'BUSY')) throw error;
      // Jittered exponential backoff, so the transactions that collided do not collide again.
      const backoff = FIRST_BACKOFF_MS * 2 ** (attempt - 1);
      await new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * backoff));
    }
  }
}
