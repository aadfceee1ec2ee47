import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Removes the temp folders each test file made (test/helpers/temp.ts), pass or fail.
    setupFiles: ['test/helpers/setup.ts'],
    // The default report, then why tests were skipped (e.g. no Chromium for the browser tests).
    reporters: ['default', './test/helpers/skip-reporter.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Builds spawn git and Astro; two cores on CI.
    maxWorkers: 2,
  },
});
