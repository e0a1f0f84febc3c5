/**
 * The read replicas of a MySQL store, and which one (if any) may answer a read now.
 *
 * - Lag: every `pollMs` the primary's GTID position is sampled, then each replica's applied position; a replica's
 *   lag is how old the newest primary sample it has applied is. This needs no privilege beyond the database (no
 *   SHOW SLAVE STATUS) and no heartbeat table. A replica more than `maxLagMs` behind, down, or not checked for
 *   that long is skipped until a later check finds it fine again.
 * - Read-your-writes: every write through this process (a statement or a transaction, through the tracking
 *   executor) makes the next replica read first learn the primary's position once, then read on a replica that
 *   has applied it, waiting on the replica up to `waitMs` (MASTER_GTID_WAIT / WAIT_FOR_EXECUTED_GTID_SET); a
 *   replica that has not applied it by then leaves the read to the primary. Writes of OTHER processes are seen
 *   within `maxLagMs`.
 * - A primary without GTIDs (binary log off, gtid_mode not ON) gives no position to compare: replicas are then
 *   never used, and health says why.
 */
import { type GatewayDbLogger, silentLogger } from '../../../logger.js';
import type { MysqlReplicasConfig } from '../../../replica-config.js';
import type { SqlExecutor } from '../../sql-executor.js';
import type { StoreExecutor } from '../../store-executor.js';
import { type GtidFlavor, type GtidPosition, parseGtidPosition } from './gtid-position.js';
import { type PrimarySample, type ReplicaHealth, ReplicaNode } from './replica-node.js';
import { logReplicaStateChanges } from './replica-state-events.js';

/** Primary samples kept for lag estimates: enough to tell "somewhat" from "far" behind. */
const SAMPLES_KEPT = 40;

/** The primary's replication setup, read once. */
interface PrimaryReplication {
  readonly flavor: GtidFlavor;
  /** Why replicas cannot be checked against this primary, if so. */
  readonly unusable?: string;
}

export class ReplicaSet {
  private readonly nodes: ReplicaNode[];
  private readonly pollMs: number;
  private samples: PrimarySample[] = [];
  private replication: PrimaryReplication | undefined;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private closed = false;
  private next = 0;
  /** Writes completed through this process; the first read checks the primary (start-up migrations wrote). */
  private writes = 1;
  /** `writes` when the position in `required` was read from the primary. */
  private requiredForWrites = 0;
  private required: GtidPosition | undefined;
  private learning: Promise<void> | undefined;

  constructor(
    private readonly primary: StoreExecutor,
    private readonly config: MysqlReplicasConfig,
    onSessionError: (error: unknown) => void,
    /** Where state changes (`replica.up`, `replica.lagging`, `replica.down`) are logged. */
    private readonly logger: GatewayDbLogger = silentLogger,
  ) {
    this.nodes = config.servers.map((server) => new ReplicaNode(server, onSessionError));
    // Checked a few times per allowed lag, so a lagging replica is noticed within about the lag itself.
    this.pollMs = Math.min(1_000, Math.max(25, Math.floor(config.maxLagMs / 4)));
  }

  /** Starts the checks (the first one at once); the timer never keeps the process alive. */
  start(): void {
    const tick = () => {
      if (this.closed) return;
      const before = this.nodes.map((node) => node.state);
      this.polling = this.poll().finally(() => {
        logReplicaStateChanges(this.logger, before, this.health());
        this.polling = undefined;
        if (!this.closed) {
          this.timer = setTimeout(tick, this.pollMs);
          this.timer.unref();
        }
      });
    };
    tick();
  }

  /** Called when a write through this process completed (or failed: it may still have been applied). */
  noteWrite(): void {
    this.writes++;
  }

  health(): ReplicaHealth[] {
    return this.nodes.map((node) => node.health());
  }

  /**
   * A replica that may answer a read now, having applied every write of this process; undefined: read the primary.
   * Never throws (a failure to decide leaves the read to the primary).
   */
  async readerForRead(): Promise<{ node: ReplicaNode; executor: SqlExecutor } | undefined> {
    const replication = this.replication;
    if (!replication || replication.unusable) return undefined;
    const now = Date.now();
    const usable = this.nodes.filter((node) => node.usable(now, this.config.maxLagMs, this.pollMs));
    if (usable.length === 0) return undefined;
    try {
      const required = await this.requiredPosition();
      // Round robin over the usable replicas; the first that has applied our writes (or does within waitMs) wins.
      const start = this.next++ % usable.length;
      const ordered = [...usable.slice(start), ...usable.slice(0, start)];
      const ready = required ? ordered.find((node) => node.hasApplied(required)) : ordered[0];
      if (ready?.reader) return { node: ready, executor: ready.reader };
      const candidate = ordered[0];
      if (
        required &&
        candidate?.reader &&
        (await candidate.waitFor(replication.flavor, required, this.config.waitMs))
      ) {
        return { node: candidate, executor: candidate.reader };
      }
    } catch {
      // Could not learn the primary's position, or the wait failed: the primary answers.
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling?.catch(() => undefined);
    await Promise.all(this.nodes.map((node) => node.close().catch(() => undefined)));
  }

  /**
   * The primary's position read after every write this process completed before the call (at most two reads of
   * the primary: one already under way may have started before the caller's write completed).
   */
  private async requiredPosition(): Promise<GtidPosition | undefined> {
    const needed = this.writes;
    while (this.requiredForWrites < needed) {
      this.learning ??= this.learnPosition().finally(() => {
        this.learning = undefined;
      });
      await this.learning;
    }
    return this.required;
  }

  private async learnPosition(): Promise<void> {
    // Only writes completed before the position is read are known to be in it.
    const writes = this.writes;
    const position = await this.primaryPosition();
    if (writes > this.requiredForWrites) {
      this.required = position;
      this.requiredForWrites = writes;
    }
  }

  private async primaryPosition(): Promise<GtidPosition> {
    const flavor = this.replication?.flavor ?? 'mariadb';
    const sql =
      flavor === 'mariadb' ? 'SELECT @@global.gtid_binlog_pos AS pos' : 'SELECT @@global.gtid_executed AS pos';
    const row = await this.primary.get(sql);
    return parseGtidPosition(flavor, String(row?.pos ?? ''));
  }

  private async poll(): Promise<void> {
    try {
      this.replication ??= await readReplicationSetup(this.primary);
    } catch (error) {
      for (const node of this.nodes) node.markDown(error);
      return;
    }
    const { flavor, unusable } = this.replication;
    if (unusable) {
      for (const node of this.nodes) node.markDown(new Error(unusable));
      return;
    }
    try {
      this.samples = [...this.samples, { at: Date.now(), position: await this.primaryPosition() }].slice(-SAMPLES_KEPT);
    } catch {
      // The primary did not answer: the replicas' lag cannot be judged this round; their last check ages out.
      return;
    }
    await Promise.all(this.nodes.map((node) => node.check(flavor, this.samples, this.config.maxLagMs)));
  }
}

/** Which GTID flavour the primary speaks, and whether it has GTIDs to compare at all. */
async function readReplicationSetup(primary: StoreExecutor): Promise<PrimaryReplication> {
  const version = String((await primary.get('SELECT VERSION() AS version'))?.version ?? '');
  if (/mariadb/i.test(version)) {
    const row = await primary.get('SELECT @@global.log_bin AS log_bin');
    return Number(row?.log_bin) === 1
      ? { flavor: 'mariadb' }
      : {
          flavor: 'mariadb',
          unusable:
            'the primary has no binary log (log_bin is OFF), so replication cannot be checked: replica reads are off',
        };
  }
  const row = await primary.get('SELECT @@global.gtid_mode AS mode');
  return String(row?.mode).toUpperCase() === 'ON'
    ? { flavor: 'mysql' }
    : {
        flavor: 'mysql',
        unusable: 'the primary does not run with gtid_mode=ON, so replication cannot be checked: replica reads are off',
      };
}
