/**
 * `pnpm check:ddl`: fails when
 *  - the schema source changed but the committed DDL was not regenerated (`pnpm db:generate`),
 *  - a MySQL CREATE TABLE lacks the InnoDB/utf8mb4 table options,
 *  - the MySQL DDL holds something MySQL 8.0 rejects even though MariaDB accepts it.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DIALECTS } from '@gateway-db/schema';
import { tablesMissingOptions } from './ddl/mysql-table-options.js';
import { checkMysql8Ddl } from './ddl/mysql8-guard.js';
import { DDL_ROOT, generateDdl, sqlFiles } from './ddl/run-drizzle-kit.js';

const failures: string[] = [];

for (const dialect of DIALECTS) {
  const committed = join(DDL_ROOT, dialect);
  // drizzle-kit only takes an `out` relative to the project root.
  const scratch = join('node_modules', '.cache', `ddl-check-${dialect}`);
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  try {
    cpSync(committed, scratch, { recursive: true });
    let output: string;
    try {
      output = generateDdl(dialect, scratch);
    } catch (error) {
      failures.push(`${dialect}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const fresh = readdirSync(scratch).filter((name) => !readdirSync(committed).includes(name));
    if (fresh.length === 0 && !/No schema changes/i.test(output)) {
      failures.push(`${dialect}: drizzle-kit generate did not confirm the DDL is current:\n${output}`);
    } else if (fresh.length > 0) {
      failures.push(
        `${dialect}: the schema changed but its DDL was not regenerated (new: ${fresh.join(', ')}). ` +
          'Run `pnpm db:generate` and commit packages/schema/drizzle.',
      );
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const mysqlSql = sqlFiles(join(DDL_ROOT, 'mysql')).map((file) => ({ file, sql: readFileSync(file, 'utf8') }));
for (const { file, sql } of mysqlSql) {
  const missing = tablesMissingOptions(sql);
  if (missing.length > 0) failures.push(`${basename(file)}: no InnoDB/utf8mb4 options on ${missing.join(', ')}`);
}
for (const problem of checkMysql8Ddl(mysqlSql.map((m) => m.sql).join('\n--> statement-breakpoint\n'))) {
  failures.push(`MySQL 8.0 would reject ${problem.table}: ${problem.problem}`);
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`check:ddl: ${failure}`);
  process.exit(1);
}
console.log(`check:ddl: DDL is current for ${DIALECTS.join(' and ')}; MySQL 8.0 guard: ${mysqlSql.length} file(s) ok`);
