import { DIALECTS, type Dialect, isDialect } from '@gateway-db/schema';

/**
 * The dialects every dialect-aware test file loops over: both by default, filterable with
 * TEST_DIALECTS=sqlite (or mysql). An unknown name is an error, not a silent skip.
 */
export function testDialects(env: NodeJS.ProcessEnv = process.env): Dialect[] {
  const wanted = env.TEST_DIALECTS?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!wanted || wanted.length === 0) return [...DIALECTS];
  for (const name of wanted) {
    if (!isDialect(name)) throw new Error(`TEST_DIALECTS: unknown dialect "${name}" (use sqlite and/or mysql)`);
  }
  return wanted as Dialect[];
}
