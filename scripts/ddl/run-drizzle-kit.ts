import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Dialect } from '@gateway-db/schema';
import { addMysqlTableOptions, tablesMissingOptions } from './mysql-table-options.js';

export const REPO_ROOT = join(import.meta.dirname, '../..');
export const DDL_ROOT = join(REPO_ROOT, 'packages/schema/drizzle');
const DRIZZLE_KIT_BIN = join(REPO_ROOT, 'node_modules/drizzle-kit/bin.cjs');

/** What drizzle-kit generate prints when it did its job: wrote a migration, or found nothing to write. */
const GENERATED = /Your SQL migration file|No schema changes, nothing to migrate/;
// Without a terminal drizzle-kit cannot ask whether a column was renamed; it then fails (or, in some versions, waits).
const TIMEOUT_MS = 120_000;

/**
 * Runs `drizzle-kit generate` for one dialect into `out`, then adds the MySQL table options. Throws with
 * drizzle-kit's own output whenever it did not confirm a result: drizzle-kit prints many errors (a snapshot it
 * cannot read, a schema that does not load) and still exits 0, so the exit code alone proves nothing.
 */
export function generateDdl(dialect: Dialect, out: string): string {
  // drizzle-kit only handles an `out` relative to the project root (it prefixes `./`).
  const relativeOut = isAbsolute(out) ? relative(REPO_ROOT, out) : out;
  const result = spawnSync(process.execPath, [DRIZZLE_KIT_BIN, 'generate', '--name', 'schema'], {
    cwd: REPO_ROOT,
    env: { ...process.env, DB_DIALECT: dialect, DRIZZLE_OUT: relativeOut },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: TIMEOUT_MS,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error || result.status !== 0 || !GENERATED.test(output)) {
    const why = result.error
      ? `could not run it (${result.error.message})`
      : `it exited ${result.status ?? result.signal} without writing a migration`;
    throw new Error(
      `drizzle-kit generate for ${dialect} failed: ${why}. If it asks about renamed columns, run ` +
        `\`DB_DIALECT=${dialect} pnpm drizzle-kit generate --name schema\` in a terminal and answer it. Its output:\n${output.trim()}`,
    );
  }
  if (dialect === 'mysql') {
    for (const file of sqlFiles(out)) {
      const sql = addMysqlTableOptions(readFileSync(file, 'utf8'));
      writeFileSync(file, sql);
      const missing = tablesMissingOptions(sql);
      if (missing.length > 0)
        throw new Error(`${file}: could not add the MySQL table options to ${missing.join(', ')}`);
    }
  }
  return output;
}

export function sqlFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => join(folder, name));
}
