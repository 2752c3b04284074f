import { defineConfig } from 'vitest/config';

/**
 * Load tests that run a real k6 (test/load/*.k6.test.ts). k6 is built from its Go module
 * (`bash .ci/install-k6.sh`), so these run from .ci/run and `npm run test:k6`, not from `npm test`.
 */
export default defineConfig({
  test: {
    include: ['test/load/**/*.k6.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/k6.json' }]] : ['default'],
  },
});
