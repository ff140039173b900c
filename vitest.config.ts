import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Only unit and integration suites: Playwright specs (tests/e2e) run under Playwright, not Vitest.
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // PBKDF2 at the enforced 600 000 iterations costs ~100 ms per derivation in Node; some tests derive many.
    testTimeout: 60_000,
    // The route fuzz checks for memory growth after a full collection.
    execArgv: ['--expose-gc'],
    globalSetup: ['./tests/support/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
