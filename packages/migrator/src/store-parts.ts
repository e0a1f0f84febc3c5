/**
 * A store may be split in two (LOG_DB_URL): the request logs and their rollups in a log store, every other table
 * in the main store. The migrator copies each part as a run of its own (own plans, run marker, resume, pre-flight,
 * verification), so a part is named here once: which tables it holds and which marker row records its run.
 */
import { LOG_STORE_TABLES } from '@gateway-db/schema';
import type { TablePlan } from './plan.js';

/** `all`: a whole store (no split); `config`: every table but the logs; `logs`: the log tables. */
export type StorePart = 'all' | 'config' | 'logs';

/** The log part: what gateway-db puts in the log store (the schema's list). */
export const LOG_PART_TABLES: ReadonlySet<string> = LOG_STORE_TABLES;

export function tableInPart(table: string, part: StorePart): boolean {
  if (part === 'all') return true;
  return LOG_PART_TABLES.has(table) === (part === 'logs');
}

export function plansOfPart(plans: readonly TablePlan[], part: StorePart): TablePlan[] {
  return plans.filter((plan) => tableInPart(plan.name, part));
}

/**
 * The marker row of a part's run in `gateway_db_import_state`. Two parts may go into one store (the rollback of
 * split stores into one SQLite file): each needs its own, or the second run would take the first one's rows for
 * leftovers. A whole-store run keeps `_run`, the name every earlier version wrote.
 */
export function runMarkerName(part: StorePart): string {
  return part === 'all' ? '_run' : `_run:${part}`;
}

export const RUN_MARKER_NAMES: readonly string[] = (['all', 'config', 'logs'] as const).map(runMarkerName);

/** For messages: `the request logs` / `the config tables`. */
export function describePart(part: StorePart): string {
  return part === 'logs' ? 'the request logs' : part === 'config' ? 'the config tables' : 'every table';
}
