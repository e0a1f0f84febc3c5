import { configDefaults, defineConfig } from 'vitest/config';
import { testDialects } from './packages/test-support/src/dialects.js';
import { testFilesLeftOut } from './packages/test-support/src/test-files.js';

// Workspace packages resolve to their TypeScript sources through the `source` export condition.
const conditions = ['source', 'import', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    globalSetup: ['packages/test-support/src/vitest-global-setup.ts'],
    include: ['packages/*/test/**/*.test.ts', 'scripts/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    // Files with MySQL tests only are left out when TEST_DIALECTS has no mysql: they would register no test at all.
    exclude: [...configDefaults.exclude, ...testFilesLeftOut(testDialects())],
    typecheck: {
      enabled: true,
      include: ['packages/*/test/**/*.test-d.ts'],
      tsconfig: './tsconfig.test.json',
    },
    // A developer's real ./data/gateway.db must never be imported into a test store by createGatewayDb.
    env: { DB_PATH: '/nonexistent/gateway-db-tests/gateway.db' },
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
