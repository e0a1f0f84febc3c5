/**
 * The executor of dashboard and list reads when read replicas are configured: each read goes to a replica the
 * replica set allows (healthy, within the lag bound, having applied this process's writes), else to the primary.
 * A replica that fails a read is marked down and the read is answered by the primary: callers see no replica's
 * errors. Writes (and transactions) through it go to the primary.
 */
import type { RawRow, SqlExecutor, SqlValue } from '../../sql-executor.js';
import type { ReplicaSet } from './replica-set.js';

export class ReplicaReadExecutor implements SqlExecutor {
  readonly dialect = 'mysql' as const;

  constructor(
    private readonly primary: SqlExecutor,
    private readonly replicas: ReplicaSet,
  ) {}

  all(sql: string, params?: readonly SqlValue[]): Promise<RawRow[]> {
    return this.read((executor) => executor.all(sql, params));
  }

  get(sql: string, params?: readonly SqlValue[]): Promise<RawRow | undefined> {
    return this.read((executor) => executor.get(sql, params));
  }

  values(sql: string, params?: readonly SqlValue[]): Promise<unknown[][]> {
    return this.read((executor) => executor.values(sql, params));
  }

  prepareGet<T>(sql: string, decode: (raw: RawRow) => T): (params: readonly SqlValue[]) => Promise<T | undefined> {
    const onPrimary = this.primary.prepareGet(sql, decode);
    return (params) =>
      this.read(async (executor) => {
        if (executor === this.primary) return onPrimary(params);
        const row = await executor.get(sql, params);
        return row === undefined ? undefined : decode(row);
      });
  }

  run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.primary.run(sql, params);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.primary.transaction(fn);
  }

  /** The replica set and the primary are closed by their owner. */
  async close(): Promise<void> {}

  private async read<T>(query: (executor: SqlExecutor) => Promise<T>): Promise<T> {
    const reader = await this.replicas.readerForRead();
    if (reader) {
      try {
        const result = await query(reader.executor);
        reader.node.reads++;
        return result;
      } catch (error) {
        // The replica's trouble is not the caller's: it is skipped until a check finds it well again.
        reader.node.failedReads++;
        reader.node.markDown(error);
      }
    }
    return query(this.primary);
  }
}
