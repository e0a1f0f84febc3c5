/**
 * One read replica as the replica set sees it: its connection pool (opened lazily: a replica that is down at start
 * must not stop the gateway), the replication position it reported last, and from that its state and lag.
 */
import type { MysqlConfig } from '../../../config.js';
import type { StoreExecutor } from '../../store-executor.js';
import { createMysqlExecutor } from '../mysql-executor.js';
import { covers, type GtidFlavor, type GtidPosition, parseGtidPosition } from './gtid-position.js';

export type ReplicaState = 'starting' | 'up' | 'lagging' | 'down';

/** What `db.health()` reports per replica: never a password. */
export interface ReplicaHealth {
  /** `host:port/database` */
  readonly name: string;
  readonly state: ReplicaState;
  /** ms the replica's data was behind the primary at its last check (an upper bound); absent when unknown. */
  readonly lagMs?: number;
  /** Why it is down or skipped (a GatewayDbError message). */
  readonly error?: string;
  /** Reads it answered, and reads that went to the primary after it failed them. */
  readonly reads: number;
  readonly failedReads: number;
}

/** A sample of the primary's position, for the lag of replicas that have not applied it yet. */
export interface PrimarySample {
  readonly at: number;
  readonly position: GtidPosition;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}

export class ReplicaNode {
  readonly name: string;
  private executor: StoreExecutor | undefined;
  private opening: Promise<StoreExecutor> | undefined;
  state: ReplicaState = 'starting';
  lagMs: number | undefined;
  error: string | undefined;
  /** The newest position known to be applied (sampled, or reached by a wait), and when it was learnt. */
  position: GtidPosition | undefined;
  checkedAt = 0;
  reads = 0;
  failedReads = 0;

  constructor(
    private readonly config: MysqlConfig,
    private readonly onSessionError: (error: unknown) => void,
  ) {
    this.name = `${config.host}:${config.port}/${config.database}`;
  }

  /** The pool, opened on first use; never creates the database (a replica gets it from its primary). */
  async open(): Promise<StoreExecutor> {
    if (this.executor) return this.executor;
    this.opening ??= createMysqlExecutor(this.config, this.onSessionError, { createDatabase: false }).finally(() => {
      this.opening = undefined;
    });
    this.executor = await this.opening;
    return this.executor;
  }

  /** The open pool, for a read routed here (only when the state is `up`, so it was opened by a check). */
  get reader(): StoreExecutor | undefined {
    return this.executor;
  }

  /** Reads the replica's applied position and judges its lag against the primary's recent samples. */
  async check(flavor: GtidFlavor, samples: readonly PrimarySample[], maxLagMs: number): Promise<void> {
    try {
      const executor = await this.open();
      const sql =
        flavor === 'mariadb' ? 'SELECT @@global.gtid_slave_pos AS pos' : 'SELECT @@global.gtid_executed AS pos';
      const row = await executor.get(sql);
      const at = Date.now();
      this.position = parseGtidPosition(flavor, String(row?.pos ?? ''));
      this.checkedAt = at;
      this.lagMs = lagOf(this.position, samples, at);
      const lagging = this.lagMs === undefined || this.lagMs > maxLagMs;
      this.state = lagging ? 'lagging' : 'up';
      this.error = lagging
        ? `more than ${maxLagMs} ms behind the primary (MYSQL_REPLICA_MAX_LAG_MS): reads go to the primary`
        : undefined;
    } catch (error) {
      this.markDown(error);
    }
  }

  /** Waits (on the replica) up to `ms` for it to apply `position`; true when it has. */
  async waitFor(flavor: GtidFlavor, position: GtidPosition, ms: number): Promise<boolean> {
    const executor = this.executor;
    if (!executor || ms <= 0) return false;
    const seconds = ms / 1000;
    const row =
      flavor === 'mariadb'
        ? await executor.get('SELECT MASTER_GTID_WAIT(?, ?) AS result', [position.text, seconds])
        : await executor.get('SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?) AS result', [position.text, seconds]);
    if (Number(row?.result) !== 0) return false;
    this.position = position;
    return true;
  }

  /** Whether this replica may answer a read now: up, and checked recently enough to know its lag. */
  usable(now: number, maxLagMs: number, pollMs: number): boolean {
    return this.state === 'up' && this.executor !== undefined && now - this.checkedAt <= maxLagMs + 2 * pollMs;
  }

  /** Whether it has applied `position` as far as is known without asking it. */
  hasApplied(position: GtidPosition): boolean {
    return this.position !== undefined && covers(this.position, position);
  }

  markDown(error: unknown): void {
    this.state = 'down';
    this.lagMs = undefined;
    this.error = messageOf(error);
  }

  health(): ReplicaHealth {
    return {
      name: this.name,
      state: this.state,
      ...(this.lagMs === undefined ? {} : { lagMs: this.lagMs }),
      ...(this.error === undefined ? {} : { error: this.error }),
      reads: this.reads,
      failedReads: this.failedReads,
    };
  }

  async close(): Promise<void> {
    const executor = this.executor ?? (await this.opening?.catch(() => undefined));
    this.executor = undefined;
    await executor?.close();
  }
}

/**
 * How far behind the primary a replica at `position` (read at `at`) is, in ms: 0 when it has applied the newest
 * sample, else the time since the newest sample it has applied (an upper bound). Undefined when it has applied
 * none of the samples kept: more behind than the history reaches.
 */
export function lagOf(position: GtidPosition, samples: readonly PrimarySample[], at: number): number | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    const sample = samples[i];
    if (sample && covers(position, sample.position)) return i === samples.length - 1 ? 0 : Math.max(0, at - sample.at);
  }
  return undefined;
}
