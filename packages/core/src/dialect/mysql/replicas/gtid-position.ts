/**
 * Replication positions as global transaction ids, compared without asking a server. The two engines spell them
 * differently:
 * - MariaDB: `domain-server-sequence` per replication domain, comma-separated (`@@gtid_binlog_pos` on the primary,
 *   `@@gtid_slave_pos` on a replica). Within a domain, sequence numbers only grow.
 * - MySQL 8.0: a GTID set, `source_uuid:1-100:105-110` per source, comma-separated (`@@gtid_executed`).
 * `covers(a, b)`: every transaction of position `b` is part of position `a`.
 */

export type GtidFlavor = 'mariadb' | 'mysql';

export interface GtidPosition {
  readonly flavor: GtidFlavor;
  /** The text as the server gave it (for a `MASTER_GTID_WAIT` / `WAIT_FOR_EXECUTED_GTID_SET`). */
  readonly text: string;
  /** MariaDB: highest sequence per domain. MySQL: intervals per source uuid. */
  readonly parts: ReadonlyMap<string, readonly (readonly [bigint, bigint])[]>;
}

function mariadbParts(text: string): Map<string, [bigint, bigint][]> {
  const parts = new Map<string, [bigint, bigint][]>();
  for (const entry of text.split(',').map((item) => item.trim())) {
    if (entry === '') continue;
    const match = /^(\d+)-(\d+)-(\d+)$/.exec(entry);
    if (!match) throw new Error(`not a MariaDB GTID position entry: ${entry}`);
    const [, domain = '', , sequence = '0'] = match;
    const seen = parts.get(domain)?.[0]?.[1] ?? 0n;
    const value = BigInt(sequence);
    parts.set(domain, [[1n, value > seen ? value : seen]]);
  }
  return parts;
}

function mysqlParts(text: string): Map<string, [bigint, bigint][]> {
  const parts = new Map<string, [bigint, bigint][]>();
  // The server wraps long sets over lines.
  for (const entry of text.replace(/\s+/g, '').split(',')) {
    if (entry === '') continue;
    const [uuid, ...ranges] = entry.split(':');
    if (!uuid || ranges.length === 0) throw new Error(`not a MySQL GTID set entry: ${entry}`);
    const intervals = parts.get(uuid.toLowerCase()) ?? [];
    for (const range of ranges) {
      const match = /^(\d+)(?:-(\d+))?$/.exec(range);
      if (!match) throw new Error(`not a MySQL GTID interval: ${range}`);
      const from = BigInt(match[1] ?? '0');
      intervals.push([from, BigInt(match[2] ?? match[1] ?? '0')]);
    }
    parts.set(uuid.toLowerCase(), intervals);
  }
  return parts;
}

export function parseGtidPosition(flavor: GtidFlavor, text: string | null | undefined): GtidPosition {
  const clean = (text ?? '').trim();
  return { flavor, text: clean, parts: flavor === 'mariadb' ? mariadbParts(clean) : mysqlParts(clean) };
}

/** Whether no transaction is in the position (a server without GTIDs or binary log says so too). */
export function isEmptyPosition(position: GtidPosition): boolean {
  return position.parts.size === 0;
}

/** Whether the union of `intervals` holds every number from `from` to `to`. */
function intervalCovered(intervals: readonly (readonly [bigint, bigint])[], from: bigint, to: bigint): boolean {
  const sorted = [...intervals].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  let next = from;
  for (const [start, end] of sorted) {
    if (start > next) return false;
    if (end >= next) next = end + 1n;
    if (next > to) return true;
  }
  return next > to;
}

export function covers(a: GtidPosition, b: GtidPosition): boolean {
  for (const [key, needed] of b.parts) {
    const held = a.parts.get(key);
    if (!held) return false;
    if (b.flavor === 'mariadb') {
      if ((held[0]?.[1] ?? 0n) < (needed[0]?.[1] ?? 0n)) return false;
      continue;
    }
    for (const [from, to] of needed) if (!intervalCovered(held, from, to)) return false;
  }
  return true;
}
