/** `pnpm db:generate`: regenerates the committed DDL of both dialects from packages/schema. */
import { join } from 'node:path';
import { DIALECTS } from '@gateway-db/schema';
import { DDL_ROOT, generateDdl } from './ddl/run-drizzle-kit.js';

for (const dialect of DIALECTS) {
  const out = join(DDL_ROOT, dialect);
  console.log(`[${dialect}] ${generateDdl(dialect, out).trim().split('\n').at(-1)}`);
}
