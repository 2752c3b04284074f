import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real k6 and real peer gateways need installs of their own: .ci/run runs them (vitest.k6.config.ts,
    // vitest.peers.config.ts).
    exclude: ['test/e2e/**', 'test/peers/**', 'test/load/**/*.k6.test.ts', 'node_modules/**'],
    // MSW and nock share one interceptor (FACTS.md): isolate each file in its own fork.
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core CI machine. Most
    // test files wait on sockets, child processes and SDK backoff rather than compute, so two run
    // side by side in about half the time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // it.concurrent tests of one file (CLI runs in child processes) at most three at a time.
    maxConcurrency: 3,
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // In CI, also a machine-readable result (.ci/run prints its totals as the closing line).
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'reports/vitest.json' }]] : ['default'],
  },
});
