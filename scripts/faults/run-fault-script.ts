/** What every fault script shares: its checks, printed as they pass or fail, and its PASS/FAIL ending. */
export function faultChecks(): { failures: string[]; check(ok: boolean, what: string): void } {
  const failures: string[] = [];
  return {
    failures,
    check(ok, what) {
      console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${what}`);
      if (!ok) failures.push(what);
    },
  };
}

/** Runs `main`, then prints PASS or FAIL with the failed checks and exits with the matching code. */
export function runFaultScript(
  main: () => Promise<void>,
  failures: readonly string[],
  onError?: () => Promise<void>,
): void {
  main().then(
    () => {
      console.log(failures.length === 0 ? 'PASS' : `FAIL: ${failures.join('; ')}`);
      process.exit(failures.length === 0 ? 0 : 1);
    },
    async (error: unknown) => {
      console.error(`fault script failed: ${error instanceof Error ? error.message : String(error)}`);
      await onError?.();
      process.exit(1);
    },
  );
}
