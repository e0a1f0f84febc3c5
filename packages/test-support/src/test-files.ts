/**
 * Test files that hold nothing but MySQL tests. Run with TEST_DIALECTS=sqlite they would register no test at all,
 * which vitest reports as a failure ("No test suite found"), so vitest.config.ts leaves them out of such a run and
 * the global setup says so. A file belongs here only when every test in it needs MySQL; the others loop over
 * testDialects(). Paths are relative to the repository root.
 */
import type { Dialect } from '@gateway-db/schema';

export const MYSQL_ONLY_TEST_FILES: readonly string[] = [
  'packages/migrator/test/interrupted-import.test.ts',
  'packages/migrator/test/round-trip.test.ts',
  // Fault tests on a private MariaDB instance of their own (test-support's private-mariadb.ts).
  'packages/gateway-db/test/faults/backfill-lost-connections.test.ts',
  'packages/gateway-db/test/faults/hung-server.test.ts',
  'packages/gateway-db/test/faults/packet-limit-lowered.test.ts',
  'packages/gateway-db/test/faults/prepared-statements.test.ts',
  'packages/gateway-db/test/faults/storage-full.test.ts',
  // The example gateway's process stopped while its private MariaDB is paused.
  'examples/gateway/test/shutdown.test.ts',
  // Scale-out tests on private replicated servers (test-support's replica-pair.ts).
  'packages/gateway-db/test/scale-out/galera.test.ts',
  'packages/gateway-db/test/scale-out/replicas.test.ts',
];

/** The test files a run over `dialects` leaves out. */
export function testFilesLeftOut(dialects: readonly Dialect[]): readonly string[] {
  return dialects.includes('mysql') ? [] : MYSQL_ONLY_TEST_FILES;
}
