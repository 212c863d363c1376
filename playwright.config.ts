import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * End-to-end tests drive the real portal (`yarn start`: app on :3000, backend on :7007)
 * in a real Chromium, against the demo fleet of Kubernetes API test servers that
 * scripts/e2e-backend.sh starts. Playwright cannot download its own browser on machines without
 * internet access, so we use the system's Chromium (Debian's `chromium` package, which
 * scripts/test.sh installs). Set PLAYWRIGHT_CHROMIUM to use another binary.
 */
const executablePath = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The specs run kubectl against the demo clusters, which listen on the same ports every
 * run. kubectl caches each server's discovery for hours under ~/.kube/cache, keyed by
 * host and port, so a run could resolve names with an earlier server's groups (once,
 * `networkpolicy` as Calico's kind). Each run gets its own cache; the workers inherit it.
 */
if (!process.env.NETSEAL_E2E_KUBE_CACHE) {
  const caches = join(__dirname, '.tools', 'e2e');
  mkdirSync(caches, { recursive: true });
  process.env.NETSEAL_E2E_KUBE_CACHE = mkdtempSync(join(caches, 'kube-cache-'));
}
process.env.KUBECACHEDIR = process.env.NETSEAL_E2E_KUBE_CACHE;

export default defineConfig({
  timeout: 90_000,
  expect: { timeout: 30_000 },

  webServer: [
    {
      // The demo fleet plus the bulk fleet, on 127.0.0.1; warnings and errors only,
      // as request logs would bury the test report.
      command: './scripts/e2e-backend.sh',
      url: 'http://localhost:7007/api/netseal/health',
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: 'pipe',
    },
    {
      command: 'yarn start app',
      url: 'http://localhost:3000',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      stdout: 'ignore',
    },
  ],

  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,

  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],

  use: {
    actionTimeout: 30_000,
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000',
    // Screenshots are kept as artifacts under e2e-test-results/.
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
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

  outputDir: 'e2e-test-results',

  projects: generateProjects().map(project => ({
    ...project,
    use: { browserName: 'chromium' as const },
  })),
});
