/**
 * `pnpm db:generate`: regenerates the committed DDL of both dialects from packages/schema. Exits 1, with
 * drizzle-kit's output, when drizzle-kit did not confirm a new migration or "No schema changes".
 */
import { join } from 'node:path';
import { DIALECTS } from '@gateway-db/schema';
import { DDL_ROOT, generateDdl } from './ddl/run-drizzle-kit.js';

try {
  for (const dialect of DIALECTS) {
    const output = generateDdl(dialect, join(DDL_ROOT, dialect));
    const outcome = output.split('\n').find((line) => /Your SQL migration file|No schema changes/.test(line));
    console.log(`[${dialect}] ${outcome?.trim()}`);
  }
} catch (error) {
  console.error(`db:generate: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
