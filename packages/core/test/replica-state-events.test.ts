/** Replica state changes as log events: one per transition, named by host:port/database, never per poll. */
import { describe, expect, it } from 'vitest';
import type { ReplicaHealth, ReplicaState } from '../src/dialect/mysql/replicas/replica-node.js';
import { logReplicaStateChanges } from '../src/dialect/mysql/replicas/replica-state-events.js';
import type { GatewayDbLogger, LogFields } from '../src/logger.js';

function recorder() {
  const events: { level: string; message: string; fields: LogFields | undefined }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      events.push({ level, message, fields });
    };
  const logger: GatewayDbLogger = { info: at('info'), warn: at('warn'), error: at('error') };
  return { events, logger };
}

const replica = (state: ReplicaState, extra: Partial<ReplicaHealth> = {}): ReplicaHealth => ({
  name: 'db-2:3306/gateway',
  state,
  reads: 0,
  failedReads: 0,
  ...extra,
});

describe('replica state events', () => {
  it('logs a replica going down as replica.down with its name, and coming back as replica.up with its lag', () => {
    const { events, logger } = recorder();
    logReplicaStateChanges(logger, ['up'], [replica('down', { error: 'Could not connect (CONNECTION)' })]);
    logReplicaStateChanges(logger, ['down'], [replica('up', { lagMs: 0 })]);
    expect(events).toEqual([
      {
        level: 'warn',
        message: 'read replica db-2:3306/gateway is down (was up): Could not connect (CONNECTION)',
        fields: { code: 'replica.down', replica: 'db-2:3306/gateway' },
      },
      {
        level: 'info',
        message: 'read replica db-2:3306/gateway is up (was down)',
        fields: { code: 'replica.up', replica: 'db-2:3306/gateway', lagMs: 0 },
      },
    ]);
  });

  it('says nothing while a state holds, and logs lagging as a warning', () => {
    const { events, logger } = recorder();
    logReplicaStateChanges(logger, ['up', 'starting'], [replica('up'), replica('starting')]);
    expect(events).toEqual([]);
    logReplicaStateChanges(logger, ['up'], [replica('lagging', { lagMs: 4_000 })]);
    expect(events).toEqual([
      expect.objectContaining({
        level: 'warn',
        fields: { code: 'replica.lagging', replica: 'db-2:3306/gateway', lagMs: 4_000 },
      }),
    ]);
  });
});
