import { defineConfig } from '@playwright/test';

// Browser tests drive the built extension (.output/chrome-mv3) in Debian's Chromium; `npm run test:e2e`
// builds it first. One worker: each test launches its own browser profile, and the machine has 2 cores.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/playwright',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
});
