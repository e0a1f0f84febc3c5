/**
 * `GET /metrics` in Prometheus' text format (admin token required: table names and counts are for operators):
 * database health, the log writer's counters, the rollup backfill, each read replica, and per statement kind and
 * table the count and total time of statements (from gateway-db's `onQuery`). No value, host or user appears.
 */
import type { GatewayDb, QueryEvent } from 'gateway-db';

interface QueryTotals {
  count: number;
  seconds: number;
}

/** Statement counts and times by kind, table and outcome, fed by `createGatewayDb({ onQuery })`. */
export class QueryMetrics {
  private readonly totals = new Map<string, QueryTotals>();

  readonly observe = (event: QueryEvent): void => {
    const key = JSON.stringify([event.kind, event.table ?? '', event.ok ? 'ok' : (event.errorCode ?? 'error')]);
    const totals = this.totals.get(key) ?? { count: 0, seconds: 0 };
    totals.count++;
    totals.seconds += event.durationMs / 1000;
    this.totals.set(key, totals);
  };

  lines(): string[] {
    const lines = [
      '# HELP gateway_db_queries_total Statements run, by kind, table and outcome.',
      '# TYPE gateway_db_queries_total counter',
    ];
    const seconds = [
      '# HELP gateway_db_query_seconds_total Time spent in statements, by kind, table and outcome.',
      '# TYPE gateway_db_query_seconds_total counter',
    ];
    for (const [key, totals] of [...this.totals].sort()) {
      const [kind, table, outcome] = JSON.parse(key) as [string, string, string];
      const labels = `{kind="${kind}",table="${label(table)}",outcome="${outcome}"}`;
      lines.push(`gateway_db_queries_total${labels} ${totals.count}`);
      seconds.push(`gateway_db_query_seconds_total${labels} ${totals.seconds.toFixed(6)}`);
    }
    return [...lines, ...seconds];
  }
}

/** A label value as the text format wants it (backslash, quote and newline escaped). */
function label(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function metric(name: string, type: 'gauge' | 'counter', help: string, samples: [string, number][]): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map(([labels, v]) => `${name}${labels} ${v}`)];
}

export async function renderMetrics(db: GatewayDb, queries: QueryMetrics | undefined): Promise<string> {
  const health = await db.health();
  const writer = db.logWriterStats();
  const rollups = await db.rollupStatus().catch(() => undefined);
  const lines = [
    ...metric('gateway_db_up', 'gauge', 'Whether the database answers (1) or not (0).', [['', health.ok ? 1 : 0]]),
    ...metric('gateway_db_health_latency_seconds', 'gauge', 'Round trip of the health check.', [
      ['', health.latencyMs / 1000],
    ]),
    ...metric('gateway_db_log_rows_buffered', 'gauge', 'Log rows waiting in memory.', [['', writer.buffered]]),
    ...metric('gateway_db_log_bytes_buffered', 'gauge', 'Estimated bytes of the buffered log rows.', [
      ['', writer.bufferedBytes],
    ]),
    ...metric('gateway_db_log_rows_total', 'counter', 'Log rows by what became of them.', [
      ['{outcome="written"}', writer.written],
      ['{outcome="rejected"}', writer.rejected],
      ['{outcome="repaired"}', writer.repaired],
      ['{outcome="dropped"}', writer.dropped],
      ['{outcome="lost"}', writer.lost],
    ]),
  ];
  if (rollups) {
    lines.push(
      ...metric('gateway_db_rollups_complete', 'gauge', 'Whether every logged request is in the dashboard rollups.', [
        ['', rollups.complete ? 1 : 0],
      ]),
    );
  }
  if (health.replicas) {
    const byName = (name: string) => `{replica="${label(name)}"}`;
    lines.push(
      ...metric(
        'gateway_db_replica_up',
        'gauge',
        'Whether the replica may answer reads (1: up and within the lag bound).',
        health.replicas.map((replica) => [byName(replica.name), replica.state === 'up' ? 1 : 0]),
      ),
      ...metric(
        'gateway_db_replica_lag_seconds',
        'gauge',
        'How far the replica was behind the primary at its last check (an upper bound).',
        health.replicas.flatMap((replica) =>
          replica.lagMs === undefined ? [] : [[byName(replica.name), replica.lagMs / 1000] as [string, number]],
        ),
      ),
      ...metric(
        'gateway_db_replica_reads_total',
        'counter',
        'Reads the replica answered.',
        health.replicas.map((replica) => [byName(replica.name), replica.reads]),
      ),
    );
  }
  if (queries) lines.push(...queries.lines());
  return `${lines.join('\n')}\n`;
}
