/**
 * What the CLI prints after a run stopped on request: the command that continues it, built from the arguments the
 * user gave (same --from/--to and options, `--replace` dropped, `--resume` added), ready to paste into a shell,
 * with any password of a store URL masked: the hint goes to the terminal and to log files.
 */

/** `scheme://user:secret@host` -> `scheme://user:***@host`, and `?password=secret` -> `?password=***`. */
export function maskCredentials(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s'"]*:)[^@\s'"]*@/gi, '$1***@')
    .replace(/([?&]password=)[^&\s'"]*/gi, '$1***');
}

/** Quoted for a POSIX shell when it holds anything but plain characters. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Options that only apply to the interrupted run, or that --resume excludes. */
const DROPPED = new Set(['--replace', '--resume', '--dry-run', '--verify-only']);

/** `pnpm migrate <the same arguments> --resume`, passwords masked. */
export function resumeCommand(argv: readonly string[]): string {
  const kept = argv.filter((arg) => !DROPPED.has(arg)).map((arg) => shellWord(maskCredentials(arg)));
  return ['pnpm migrate', ...kept, '--resume'].join(' ');
}

/** The same command again (nothing to resume), passwords masked. */
export function sameCommand(argv: readonly string[]): string {
  return ['pnpm migrate', ...argv.map((arg) => shellWord(maskCredentials(arg)))].join(' ');
}

/** The lines printed after an interrupted run. */
export function interruptedHint(argv: readonly string[], resumable: boolean): string[] {
  const masked = argv.some((arg) => maskCredentials(arg) !== arg);
  const note = masked ? ['  (*** stands for the password of your original command)'] : [];
  if (!resumable) {
    return ['Stopped before anything was written. To start again, run:', `  ${sameCommand(argv)}`, ...note];
  }
  return [
    'Stopped. The rows copied so far are kept in the target. To continue where it stopped, run:',
    `  ${resumeCommand(argv)}`,
    ...note,
  ];
}
