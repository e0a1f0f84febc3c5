import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `source` export condition.
const conditions = ['source', 'import', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: {
    globalSetup: ['packages/test-support/src/vitest-global-setup.ts'],
    include: ['packages/*/test/**/*.test.ts', 'scripts/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
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
