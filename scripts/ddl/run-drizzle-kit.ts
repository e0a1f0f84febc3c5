import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dialect } from '@gateway-db/schema';
import { addMysqlTableOptions } from './mysql-table-options.js';

export const DDL_ROOT = join(import.meta.dirname, '../../packages/schema/drizzle');

/** Runs `drizzle-kit generate` for one dialect into `out`, then adds the MySQL table options. */
export function generateDdl(dialect: Dialect, out: string): string {
  const output = execFileSync('pnpm', ['exec', 'drizzle-kit', 'generate', '--name', 'schema'], {
    cwd: join(import.meta.dirname, '../..'),
    env: { ...process.env, DB_DIALECT: dialect, DRIZZLE_OUT: out },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (dialect === 'mysql') {
    for (const file of sqlFiles(out)) writeFileSync(file, addMysqlTableOptions(readFileSync(file, 'utf8')));
  }
  return output;
}

export function sqlFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.sql'))
    .sort()
    .map((name) => join(folder, name));
}
