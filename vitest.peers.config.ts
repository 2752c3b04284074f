import { defineConfig } from 'vitest/config';

/**
 * Real peer gateways driven by brownout (test/peers): they need the peers installed first
 * (each examples/gateways/<name>/install.sh), so they run from .ci/peers.sh, not from `npm test`.
 */
export default defineConfig({
  test: {
    include: ['test/peers/**/*.peer.test.ts'],
    pool: 'forks',
    // One gateway at a time: each one is a heavy process on a 2-core machine.
    fileParallelism: false,
    testTimeout: 540_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/peers.json' }]] : ['default'],
  },
});
