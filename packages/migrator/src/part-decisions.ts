/**
 * `onlyIfEmpty` over split stores (the start-up import): the legacy file goes in whole or not at all. A part whose
 * store already holds data makes the whole import skip (importing only the other part would mix the file's rows
 * with live ones), unless the other part holds an unfinished import: serving that would mean serving half the
 * data, so the run refuses and says what to run.
 */
import { MigrationError } from './errors.js';
import type { PartRun } from './part-runs.js';
import type { TargetDecision } from './target-state.js';

/** The note of a skip for the whole run, or undefined when the run goes on. */
export function skipNote(parts: readonly PartRun[]): string | undefined {
  const decisions = parts.map((part) => part.decision).filter((d): d is TargetDecision => d !== undefined);
  const skipped = decisions.filter((d) => d.action === 'skip');
  if (skipped.length === 0) return undefined;
  const unfinished = parts.find((p) => p.decision?.action === 'start-over' || p.decision?.action === 'resume');
  if (unfinished) {
    throw new MigrationError({
      code: 'LEGACY_FILE',
      message:
        `${unfinished.targetName} holds an unfinished import while ${skipped.map((d) => d.note).join('; ')}; ` +
        'nothing was changed. Finish the interrupted import with `pnpm migrate ... --resume` (the same --from, ' +
        '--to, --log-from and --log-to), or import again over both stores with `--replace`',
    });
  }
  return skipped.map((d) => d.note).join('; ');
}
