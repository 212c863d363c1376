import { defineConfig } from '@playwright/test';

/**
 * The install test's browser checks (scripts/install-test.sh starts the app and sets the
 * environment): Debian's Chromium, as in the end-to-end suite, against an app made with
 * create-app from the packed tarballs.
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'installedApp.spec.ts',
  // A fresh app's first page load compiles its bundle on a machine that may be busy.
  timeout: 600_000,
  expect: { timeout: 60_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../.tools/install-test/results',
  use: {
    baseURL: process.env.NETSEAL_INSTALL_TEST_URL,
    actionTimeout: 60_000,
    navigationTimeout: 300_000,
    screenshot: 'on',
    trace: 'retain-on-failure',
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
