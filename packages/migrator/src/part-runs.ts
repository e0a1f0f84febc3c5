/**
 * The parts one `migrate()` call copies (store-parts.ts): one whole store, or, with `logTo`/`logFrom`, the config
 * tables from `from` to `to` and the request logs from `logFrom` (default `from`) to `logTo` (default `to`). Each
 * part is its own run over its own tables; stores two parts name alike are opened once and shared (one lock, one
 * SQLite transaction, one MySQL snapshot).
 */
import { describeEndpoint, type Endpoint, parseEndpoint } from './endpoint.js';
import { MigrationError } from './errors.js';
import { sameEndpoint } from './open-stores.js';
import type { MigrateOptions } from './options.js';
import { planTables, type TablePlan } from './plan.js';
import type { SourceShape } from './row-query.js';
import type { StoreReader, TargetStore } from './store.js';
import { plansOfPart, runMarkerName, type StorePart } from './store-parts.js';
import type { TargetDecision } from './target-state.js';

export interface PartRun {
  readonly part: StorePart;
  readonly from: Endpoint;
  readonly to: Endpoint;
  /** The part's tables, parents first. */
  readonly plans: readonly TablePlan[];
  readonly runMarker: string;
  /** describeEndpoint of `from` / `to`: what the marker records and messages name (no password). */
  readonly sourceName: string;
  readonly targetName: string;
  source?: StoreReader;
  target?: TargetStore;
  decision?: TargetDecision;
  shape?: SourceShape;
  isGatewayDbStore?: boolean;
}

function partRun(part: StorePart, from: Endpoint, to: Endpoint, all: readonly TablePlan[]): PartRun {
  return {
    part,
    from,
    to,
    plans: plansOfPart(all, part),
    runMarker: runMarkerName(part),
    sourceName: describeEndpoint(from),
    targetName: describeEndpoint(to),
  };
}

export function partRuns(options: MigrateOptions): PartRun[] {
  const from = parseEndpoint(options.from);
  const to = parseEndpoint(options.to);
  const all = planTables();
  const split = options.logFrom !== undefined || options.logTo !== undefined;
  const parts = split
    ? [
        partRun('config', from, to, all),
        partRun(
          'logs',
          options.logFrom === undefined ? from : parseEndpoint(options.logFrom),
          options.logTo === undefined ? to : parseEndpoint(options.logTo),
          all,
        ),
      ]
    : [partRun('all', from, to, all)];
  // A store read by one part and written by another would be read while it changes.
  for (const reading of parts)
    for (const writing of parts)
      if (sameEndpoint(reading.from, writing.to))
        throw new MigrationError({
          code: 'CONFIG',
          message: split
            ? `${reading.sourceName} is both a source and a target: the sources and the targets must be other stores`
            : 'The source and the target are the same store',
        });
  return parts;
}

/** Each store once, in the order the parts name them. */
export function distinctEndpoints(endpoints: readonly Endpoint[]): Endpoint[] {
  const distinct: Endpoint[] = [];
  for (const endpoint of endpoints) if (!distinct.some((e) => sameEndpoint(e, endpoint))) distinct.push(endpoint);
  return distinct;
}

/** For the report: `sqlite:/a.db`, or `mysql://u@h:3306/main, request logs: mysql://u@h:3306/logs` (no password). */
export function describeSide(parts: readonly PartRun[], side: 'from' | 'to'): string {
  const [first, logs] = parts;
  if (first === undefined) return '';
  const main = describeEndpoint(first[side]);
  if (logs === undefined || sameEndpoint(first[side], logs[side])) return main;
  return `${main}, request logs: ${describeEndpoint(logs[side])}`;
}

/** Prefixes a part's note in a split run, so the report says which store it is about. */
export function partNote(run: PartRun, note: string): string {
  if (run.part === 'all') return note;
  return `${run.part === 'logs' ? 'request logs' : 'config tables'} (${run.targetName}): ${note}`;
}
