/**
 * Ctrl-C (SIGINT) and SIGTERM for the CLI: the first one asks the run to stop at the next batch boundary (the copy
 * then commits what it wrote and records where it stopped); a second one exits at once (the target stays
 * consistent: a SQLite import rolls back, a MySQL one resumes from its last checkpoint). Exit code 128 + the
 * signal number, as shells report a process ended by that signal: 130 for SIGINT, 143 for SIGTERM.
 */
const EXIT_CODES: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

export interface SignalStop {
  readonly signal: AbortSignal;
  /** The exit code for the signal received (undefined while none was). */
  exitCode(): number | undefined;
}

export function stopOnSignals(onFirst: (name: string) => void, onSecond: (name: string) => void): SignalStop {
  const controller = new AbortController();
  let received: keyof typeof EXIT_CODES | undefined;
  for (const name of Object.keys(EXIT_CODES) as (keyof typeof EXIT_CODES)[]) {
    process.on(name, () => {
      if (received !== undefined) {
        onSecond(name);
        process.exit(EXIT_CODES[received]);
      }
      received = name;
      onFirst(name);
      controller.abort();
    });
  }
  return { signal: controller.signal, exitCode: () => (received === undefined ? undefined : EXIT_CODES[received]) };
}
