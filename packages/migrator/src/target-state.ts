/**
 * Decides what to do with the target's current content, under the import lock:
 * - leftovers of an interrupted import (marker `copying`): resume them (`resume`, same source) or start over;
 * - data without such a marker (user data, or a finished import): refuse unless `replace`;
 * - nothing: a fresh import.
 * This is what makes a killed run never block the next one (the legacy tool skipped forever once `users` had rows).
 */
import { MigrationError } from './errors.js';
import { type RunMarker, readRunMarker } from './import-state.js';
import type { TablePlan } from './plan.js';
import { hasRows } from './row-counts.js';
import type { StoreClient } from './store-client.js';

export type TargetAction = 'fresh' | 'start-over' | 'resume' | 'replace' | 'skip';

export interface TargetDecision {
  readonly action: TargetAction;
  readonly marker: RunMarker | undefined;
  /** Tables that hold rows now. */
  readonly nonEmpty: readonly string[];
  readonly note: string;
}

async function tablesWithRows(target: StoreClient, plans: readonly TablePlan[]): Promise<string[]> {
  const result: string[] = [];
  for (const plan of plans) {
    try {
      if (await hasRows(target, plan)) result.push(plan.name);
    } catch {
      // A table that does not exist yet (dry run on a target without the schema) holds no rows.
    }
  }
  return result;
}

/** Decided before the source is even opened, so a start-up with a filled store costs no read of the legacy file. */
export async function decideTargetAction(
  target: StoreClient,
  plans: readonly TablePlan[],
  flags: {
    resume: boolean;
    replace: boolean;
    onlyIfEmpty: boolean;
    targetName: string;
    /** The marker row of the part being copied (store-parts.ts). Default `_run`, a whole store. */
    runMarker?: string;
  },
): Promise<TargetDecision> {
  const marker = await readRunMarker(target, flags.runMarker);
  const nonEmpty = await tablesWithRows(target, plans);
  if (marker?.state === 'copying') {
    if (flags.resume)
      return { action: 'resume', marker, nonEmpty, note: 'resuming the interrupted import of the same source' };
    return {
      action: 'start-over',
      marker,
      nonEmpty,
      note:
        'an interrupted import was found: its rows are removed and the import starts over ' +
        '(to continue it instead, stop this run now and run the same command with --resume)',
    };
  }
  if (nonEmpty.length === 0) return { action: 'fresh', marker, nonEmpty, note: 'the target is empty' };
  if (flags.replace)
    return { action: 'replace', marker, nonEmpty, note: `--replace: the rows of ${nonEmpty.join(', ')} are replaced` };
  const what = marker?.state === 'verified' ? 'already holds a verified import' : 'already holds data';
  if (flags.onlyIfEmpty) {
    return {
      action: 'skip',
      marker,
      nonEmpty,
      note: `${flags.targetName} ${what} (tables ${nonEmpty.join(', ')}): nothing to import`,
    };
  }
  throw new MigrationError({
    code: 'CONFLICT',
    message:
      `${flags.targetName} ${what} (tables ${nonEmpty.join(', ')}): nothing was written. ` +
      `Use --replace to overwrite it${flags.resume ? ' (there is no interrupted import to resume)' : ''}, or choose an empty target.`,
  });
}

/** `--resume` continues only an import of the very same source (see fingerprint.ts). */
export function checkResumable(decision: TargetDecision, fingerprint: string, targetName: string): void {
  if (decision.action !== 'resume' || decision.marker?.fingerprint === fingerprint) return;
  throw new MigrationError({
    code: 'CONFLICT',
    message: `The interrupted import into ${targetName} came from another source (or the source changed): run without --resume to start over`,
  });
}

/**
 * With `startOverOnlyFromSameSource`: the leftovers of an interrupted import are removed only to import the very
 * source that left them. Names both and the commands that settle it; nothing has been changed yet.
 */
export function checkStartOver(
  decision: TargetDecision,
  fingerprint: string,
  names: { readonly source: string; readonly target: string },
): void {
  const marker = decision.marker;
  if (decision.action !== 'start-over' || !marker || marker.fingerprint === fingerprint) return;
  const replace = `\`pnpm migrate --from ${names.source} --to ${names.target} --replace\``;
  const message =
    marker.source === names.source.slice(0, marker.source.length) && marker.source.length > 0
      ? `${names.source} changed since the unfinished import of it into ${names.target} began, so that import can ` +
        `neither resume nor start over unattended; nothing was changed. To import the file as it is now, run ${replace}`
      : `${names.target} holds an unfinished import from ${marker.source}, not from ${names.source}; nothing was ` +
        `changed. Finish that import with \`pnpm migrate --from ${marker.source} --to ${names.target} --resume\` ` +
        `(a MySQL password from MYSQL_PASSWORD), or import ${names.source} over it with ${replace}`;
  throw new MigrationError({ code: 'LEGACY_FILE', message });
}
