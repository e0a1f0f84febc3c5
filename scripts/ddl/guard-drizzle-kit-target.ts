/**
 * Called by drizzle.config.ts for the MySQL dialect: before `drizzle-kit push` or `migrate`, runs the pre-flight
 * (prepare-mysql-target.ts) and stops drizzle-kit with its exit code when it refuses. A child process, because
 * drizzle-kit loads the config with a synchronous `require` and the check needs an async MySQL connection.
 * Other commands (generate, check, ...) never connect, so they are not delayed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isGuardedCommand } from './mysql-push-target.js';

/** The drizzle-kit command this process runs: `push` in `drizzle-kit push --force`. */
export function drizzleKitCommand(argv: readonly string[] = process.argv): string | undefined {
  return argv.slice(2).find((arg) => !arg.startsWith('-'));
}

export function guardMysqlTarget(tables: readonly string[], argv: readonly string[] = process.argv): void {
  const command = drizzleKitCommand(argv);
  if (!isGuardedCommand(command)) return;
  // drizzle-kit resolves the config and its schema paths from the working directory: the repository root.
  const preflight = join(process.cwd(), 'scripts', 'ddl', 'prepare-mysql-target.ts');
  if (!existsSync(preflight)) {
    console.error(`drizzle-kit ${command}: run it from the repository root (${preflight} not found)`);
    process.exit(1);
  }
  const result = spawnSync(process.execPath, ['--import', 'tsx', preflight, command, ...tables], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error || result.status !== 0) {
    if (result.error)
      console.error(`drizzle-kit ${command}: could not run the MySQL pre-flight: ${result.error.message}`);
    process.exit(result.status || 1);
  }
}
