/**
 * `node --import tsx scripts/ddl/prepare-mysql-target.ts <push|migrate> <table>...`: the MySQL pre-flight of
 * drizzle-kit, run by drizzle.config.ts in a child process because drizzle-kit loads the config synchronously.
 * Exits 1 with the reasons on stderr when drizzle-kit must not go on (mysql-push-target.ts says which and why).
 * The schema's tables come as arguments: the config has them loaded already, and importing the schema here
 * would slow down every push.
 */

import { mysqlTarget } from './drizzle-kit-target.js';
import { isGuardedCommand, prepareMysqlTarget } from './mysql-push-target.js';

const [command, ...tables] = process.argv.slice(2);
if (!isGuardedCommand(command)) {
  console.error(`prepare-mysql-target: expected "push" or "migrate", got "${command ?? ''}"`);
  process.exit(2);
}

try {
  const problems = await prepareMysqlTarget(command, mysqlTarget(), tables);
  for (const problem of problems) console.error(`drizzle-kit ${command} refused: ${problem}`);
  process.exitCode = problems.length > 0 ? 1 : 0;
} catch (error) {
  // mysql2's messages name the user and host, never the password.
  console.error(
    `drizzle-kit ${command}: the MySQL pre-flight failed: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exitCode = 1;
}
