/**
 * Logs a replica's state when a check changed it (`up`, `lagging`, `down`), not on every poll: the poll runs
 * several times a second, an operator wants the transitions. Names are `host:port/database` (never a password);
 * the reason is the node's error text, a GatewayDbError message without values.
 */
import type { LogEventCode } from '../../../log-fields.js';
import type { GatewayDbLogger } from '../../../logger.js';
import type { ReplicaHealth, ReplicaState } from './replica-node.js';

const CODES: Readonly<Record<Exclude<ReplicaState, 'starting'>, LogEventCode>> = {
  up: 'replica.up',
  lagging: 'replica.lagging',
  down: 'replica.down',
};

/** Compares each replica's state with the one before the check and logs each that changed. */
export function logReplicaStateChanges(
  logger: GatewayDbLogger,
  before: readonly ReplicaState[],
  after: readonly ReplicaHealth[],
): void {
  after.forEach((replica, index) => {
    const previous = before[index];
    if (replica.state === previous || replica.state === 'starting') return;
    const reason = replica.error ? `: ${replica.error}` : '';
    const message = `read replica ${replica.name} is ${replica.state} (was ${previous ?? 'unknown'})${reason}`;
    const fields = {
      code: CODES[replica.state],
      replica: replica.name,
      ...(replica.lagMs === undefined ? {} : { lagMs: replica.lagMs }),
    };
    if (replica.state === 'up') logger.info(message, fields);
    else logger.warn(message, fields);
  });
}
