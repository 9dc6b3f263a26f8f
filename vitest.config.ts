import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The emulator load test measures heap growth after a forced GC.
    execArgv: ['--expose-gc'],
    globalSetup: ['test/global-setup.ts'],
    // The JSON report lets .ci/run print real pass/fail counts.
    reporters: ['default', ['json', { outputFile: '.test-report.json' }]],
  },
});
