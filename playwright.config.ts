import { defineConfig } from '@playwright/test';

// Browser tests drive the built extension: the Chromium lane (.output/chrome-mv3 in Debian's Chromium,
// through Playwright) runs every spec; the Firefox lane (.output/firefox-mv2 in Firefox ESR, through
// puppeteer over WebDriver BiDi) runs the user journeys in tests/e2e/journeys, which are written once for
// both (tests/e2e/lanes). `npm run test:e2e` builds both first. One worker: each test launches its own
// browser profile, and the machine has 2 cores.
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/playwright',
  workers: 1,
  timeout: 60_000,
  reporter: [['list']],
  projects: [
    { name: 'chromium' },
    { name: 'firefox', testMatch: 'journeys/**/*.spec.ts' },
  ],
});
