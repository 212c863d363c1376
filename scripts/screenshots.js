#!/usr/bin/env node
/*
 * Takes the docs' screenshots of the portal (docs/images/) from a running demo, in the
 * system's Chromium, at 1280 px wide: payments' Network policies tab, a drifted policy's
 * drawer, and the fleet page. It starts nothing: run `scripts/start.sh --fresh` first
 * and wait for the portal at http://localhost:3000 (see docs/contributing.md#screenshots).
 *
 * The pictures are about drift, so it makes the tour's drift (docs/demo.md) when the demo
 * has none: payments-allow-checkout in demo-east moves from port 8443 to 9443 with
 * kubectl. It puts the port back afterwards, so the demo is left as it was found.
 *
 *   node scripts/screenshots.js [--out <folder>]     default: docs/images
 *
 * PLAYWRIGHT_CHROMIUM names another Chromium binary (default /usr/bin/chromium).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('@playwright/test');

const ROOT = path.resolve(__dirname, '..');
const APP = 'http://localhost:3000';
const BACKEND = 'http://localhost:7007';
const WIDTH = 1280;
const HEIGHT = 900;
const CLUSTER = 'demo-east';
const POLICY = 'payments-allow-checkout';
const SEALED_PORT = 8443;
const DRIFT_PORT = 9443;
const TAB = '/catalog/default/component/payments/netseal';
const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
// --no-sandbox because Chromium refuses to run as root without it; the others because
// without them it keeps trying to reach its update and sync services.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** An error whose message is all a user needs: printed without a stack. */
class ScreenshotError extends Error {}

function fail(message) {
  throw new ScreenshotError(message);
}

function parseArguments(argv) {
  const options = { out: path.join(ROOT, 'docs/images') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && argv[i + 1]) {
      options.out = path.resolve(argv[++i]);
    } else {
      fail(
        `unknown argument '${argv[i]}'; usage: node scripts/screenshots.js [--out <folder>]`,
      );
    }
  }
  return options;
}

async function expectDemoRunning() {
  for (const url of [`${BACKEND}/api/netseal/health`, APP]) {
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`answered ${response.status}`);
    } catch (error) {
      fail(
        `the demo is not running (${url}: ${error.message}); start it with scripts/start.sh and wait for the portal`,
      );
    }
  }
  if (!fs.existsSync(CHROMIUM)) {
    fail(
      `no Chromium at ${CHROMIUM}; install Debian's chromium package or set PLAYWRIGHT_CHROMIUM`,
    );
  }
}

function kubectl(...args) {
  const kubeconfig = path.join(ROOT, `.tools/demo/${CLUSTER}.kubeconfig`);
  try {
    return execFileSync(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--namespace', 'shop', ...args],
      { stdio: 'pipe', timeout: 30_000 },
    ).toString();
  } catch (error) {
    throw new ScreenshotError(
      `kubectl ${args[0]} failed against ${CLUSTER} (${kubeconfig}): ${
        error.stderr?.toString().trim() || error.message
      }`,
    );
  }
}

function livePort() {
  return Number(
    kubectl(
      'get',
      'networkpolicy',
      POLICY,
      '--output',
      'jsonpath={.spec.ingress[0].ports[0].port}',
    ),
  );
}

/** Moves the policy's port in place, as the tour's `kubectl edit` does. */
function setLivePort(port) {
  kubectl(
    'patch',
    'networkpolicy',
    POLICY,
    '--type=json',
    '--patch',
    JSON.stringify([
      { op: 'replace', path: '/spec/ingress/0/ports/0/port', value: port },
    ]),
  );
}

/** Waits until `locator` is visible; names what was awaited when it never shows. */
async function waitFor(locator, what, timeout = 60_000) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    fail(`waited ${timeout / 1000} s for ${what}, in vain`);
  }
}

function policyRow(page, name, cluster) {
  return page
    .getByRole('row')
    .filter({ hasText: name })
    .filter({ hasText: cluster });
}

/** Saves a screenshot and says its size, so an oversized picture is seen at once. */
async function save(target, file, options = {}) {
  await target.screenshot({ path: file, animations: 'disabled', ...options });
  const kilobytes = Math.round(fs.statSync(file).size / 1024);
  console.log(`${path.relative(process.cwd(), file)}: ${kilobytes} KB`);
}

/** Signs in as the demo's guest and waits for the app's shell. */
async function signIn(page) {
  await page.goto(APP);
  await page.getByRole('button', { name: 'Enter', exact: true }).click();
  await waitFor(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
    'the portal after signing in as the guest',
  );
}

/**
 * Makes the window as tall as the page's content (at most `max` px), so that a picture
 * of the whole page keeps Backstage's sidebar, which is as tall as the window, to the
 * bottom.
 */
async function fitWindowToPage(page, max) {
  const height = await page.evaluate(() => document.body.scrollHeight);
  await page.setViewportSize({ width: WIDTH, height: Math.min(height, max) });
}

/** The same for an open drawer, which scrolls on its own. */
async function fitWindowToDrawer(page, drawer, max) {
  const height = await drawer
    .locator('.MuiDrawer-paper')
    .evaluate(paper => paper.scrollHeight);
  await page.setViewportSize({ width: WIDTH, height: Math.min(height, max) });
}

async function screenshotTab(page, out) {
  await page.goto(`${APP}${TAB}`);
  await waitFor(
    policyRow(page, POLICY, CLUSTER).getByRole('status', { name: 'drifted' }),
    `${POLICY} in ${CLUSTER} to show as drifted on payments' tab`,
  );
  await waitFor(
    policyRow(page, POLICY, 'demo-south').getByRole('status', {
      name: 'unknown',
    }),
    `${POLICY} in demo-south to show as unknown`,
  );
  await waitFor(page.getByRole('img', { name: /reach/i }), 'the picture');
  await page.mouse.move(0, 0);
  await fitWindowToPage(page, 2400);
  // Down to the end of the policies table (the gap above the next card is 28 px): the
  // requests card below it is empty here.
  const requests = await page
    .getByText('Replacement requests', { exact: true })
    .first()
    .boundingBox();
  await save(page, path.join(out, 'entity-tab.png'), {
    clip: { x: 0, y: 0, width: WIDTH, height: requests.y - 28 },
  });
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
}

async function screenshotPolicyDrawer(page, out) {
  await page
    .getByRole('button', { name: `Open policy shop/${POLICY} in ${CLUSTER}` })
    .click();
  const drawer = page.getByRole('presentation').last();
  await waitFor(
    drawer.getByRole('heading', { name: POLICY, level: 2 }),
    "the policy's drawer",
  );
  await waitFor(
    drawer.getByRole('list', { name: 'Differences' }),
    'the differences in the drawer',
  );
  await page.mouse.move(0, 0);
  await fitWindowToDrawer(page, drawer, 1600);
  await save(page, path.join(out, 'policy-drawer.png'));
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
  await drawer.getByRole('button', { name: 'Close' }).click();
}

async function screenshotFleet(page, out) {
  await page.goto(`${APP}/netseal`);
  await waitFor(
    page.getByRole('row').filter({ hasText: 'demo-south' }).filter({
      hasText: 'unreachable',
    }),
    'demo-south to show as unreachable on the fleet page',
  );
  await waitFor(
    page.getByRole('row').filter({ hasText: POLICY }).filter({
      hasText: 'drifted',
    }),
    `${POLICY} to show as drifted on the fleet page`,
  );
  await page.mouse.move(0, 0);
  await fitWindowToPage(page, 2400);
  await save(page, path.join(out, 'fleet-page.png'));
}

async function main() {
  const { out } = parseArguments(process.argv.slice(2));
  await expectDemoRunning();
  fs.mkdirSync(out, { recursive: true });

  const madeDrift = livePort() === SEALED_PORT;
  if (madeDrift) {
    console.log(
      `making drift: ${POLICY} in ${CLUSTER}, port ${SEALED_PORT} → ${DRIFT_PORT}`,
    );
    setLivePort(DRIFT_PORT);
  }
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage({
      viewport: { width: WIDTH, height: HEIGHT },
      deviceScaleFactor: 1,
    });
    await signIn(page);
    await screenshotTab(page, out);
    await screenshotPolicyDrawer(page, out);
    await screenshotFleet(page, out);
  } finally {
    await browser?.close();
    if (madeDrift) {
      setLivePort(SEALED_PORT);
      console.log(
        `undid the drift: ${POLICY} in ${CLUSTER} is back on port ${SEALED_PORT}`,
      );
    }
  }
}

main().catch(error => {
  console.error(
    `screenshots: ${
      error instanceof ScreenshotError ? error.message : error.stack
    }`,
  );
  process.exitCode = 1;
});
