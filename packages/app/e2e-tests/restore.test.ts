import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, Locator, Page, test } from '@playwright/test';
import { signIn } from './signIn';

/**
 * Undoing drift in the demo: a sealed policy is edited in place with kubectl, as an
 * operator would, and restored from the portal; the live object must be the sealed one
 * again, label and seal included. Once in a cluster without the admission guard
 * (demo-east), once in one whose guard was installed through the API after the edit
 * (demo-west), where only the rollout identity may replace a sealed policy.
 */
const ROOT = path.resolve(__dirname, '../../..');
const BACKEND = 'http://localhost:7007';
const POLICY = 'payments-allow-checkout';
// A port no other suite moves the policy to (requests.test.ts rolls demo-west out to 9443).
const DRIFT_PORT = 9555;

function kubeconfig(cluster: string): string {
  return path.join(ROOT, `.tools/demo/${cluster}.kubeconfig`);
}

function kubectl(cluster: string, ...args: string[]): string {
  return execFileSync(
    'kubectl',
    ['--kubeconfig', kubeconfig(cluster), '--namespace', 'shop', ...args],
    { stdio: 'pipe', timeout: 30_000 },
  ).toString();
}

/** Moves the policy's port in place, as `kubectl edit` would. */
function kubectlPatchPort(cluster: string, port: number): void {
  kubectl(
    cluster,
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

function livePolicy(cluster: string): {
  metadata: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: { ingress: { ports: { port: number }[] }[] };
} {
  return JSON.parse(
    kubectl(cluster, 'get', 'networkpolicy', POLICY, '--output', 'json'),
  );
}

/** A Backstage token of the signed-in guest, for calls to the backend's API. */
async function guestToken(page: Page): Promise<string> {
  const response = await page.request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(response.ok()).toBe(true);
  return (await response.json()).backstageIdentity.token;
}

async function guardCall(
  page: Page,
  method: 'POST' | 'DELETE',
  cluster: string,
): Promise<{ status: string }> {
  const response = await page.request.fetch(
    `${BACKEND}/api/netseal/clusters/${cluster}/guard`,
    {
      method,
      headers: { Authorization: `Bearer ${await guestToken(page)}` },
    },
  );
  expect(response.ok()).toBe(true);
  return response.json();
}

function policyRow(page: Page, cluster: string): Locator {
  return page
    .getByRole('row')
    .filter({ hasText: POLICY })
    .filter({ hasText: cluster });
}

/**
 * Waits for the drift on the tab, restores it from the policy's drawer, and answers the
 * seal the drawer showed for it.
 */
async function restoreFromTheDrawer(
  page: Page,
  cluster: string,
): Promise<string> {
  await page.goto('/catalog/default/component/payments/netseal');
  await expect(
    policyRow(page, cluster).getByRole('status', { name: 'drifted' }),
  ).toBeVisible({ timeout: 30_000 });
  await page
    .getByRole('button', { name: `Open policy shop/${POLICY} in ${cluster}` })
    .click();
  const drawer = page.getByRole('presentation').last();
  await expect(
    drawer.getByRole('heading', { name: POLICY, level: 2 }),
  ).toBeVisible();
  const seal = (await drawer
    .getByText(/^Seal: sha256:[0-9a-f]{64}$/)
    .textContent())!.replace('Seal: ', '');

  await drawer.getByRole('button', { name: 'Restore sealed version' }).click();
  const dialog = page.getByRole('dialog', {
    name: `Restore ${POLICY} to its sealed version?`,
  });
  await expect(dialog).toContainText(
    `shop/${POLICY} in ${cluster} differs from its seal.`,
  );
  await dialog.getByRole('button', { name: 'Restore', exact: true }).click();

  const restore = drawer.getByRole('region', { name: 'Restore' });
  await expect(restore).toContainText('Restored by guest');
  await expect(drawer.getByRole('status', { name: 'in-sync' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(restore).toContainText('completed');
  // Watched as it ran, its steps stay open once it ended, and fold away on request.
  const steps = restore.getByRole('table', { name: `Steps in ${cluster}` });
  await expect(steps).toContainText(`Delete shop/${POLICY}.`);
  for (const width of [1280, 1440]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({
      path: test.info().outputPath(`restore-${cluster}-${width}.png`),
    });
  }
  await restore.getByRole('button', { name: 'Hide the steps' }).click();
  await expect(steps).toBeHidden();
  await expect(
    restore.getByRole('button', { name: 'Show the steps' }),
  ).toBeVisible();
  return seal;
}

test.describe('restoring drifted policies in the portal', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  test('a policy edited with kubectl is restored from its drawer, sealed label and seal back on the live object', async ({
    page,
  }) => {
    kubectlPatchPort('demo-east', DRIFT_PORT);
    try {
      const seal = await restoreFromTheDrawer(page, 'demo-east');

      const live = livePolicy('demo-east');
      expect(live.metadata.labels?.['netseal.io/sealed']).toBe('true');
      expect(live.metadata.annotations?.['netseal.io/seal']).toBe(seal);
      expect(live.spec.ingress[0].ports[0].port).toBe(8443);
      // The open drawer hides the tab from assistive technology; the tab reads as they do.
      await page
        .getByRole('region', { name: POLICY })
        .getByRole('button', { name: 'Close' })
        .click();
      await expect(
        policyRow(page, 'demo-east').getByRole('status', { name: 'in-sync' }),
      ).toBeVisible();
    } finally {
      // Whatever happened, the demo keeps its sealed port for the other suites.
      if (livePolicy('demo-east').spec.ingress[0].ports[0].port !== 8443) {
        kubectlPatchPort('demo-east', 8443);
      }
    }
  });

  test('with the guard installed, the restore replaces the drifted policy as the rollout identity', async ({
    page,
  }) => {
    // The guard refuses in-place edits, so the drift is made before it is installed.
    await guardCall(page, 'DELETE', 'demo-west');
    kubectlPatchPort('demo-west', DRIFT_PORT);
    expect((await guardCall(page, 'POST', 'demo-west')).status).toBe(
      'protected',
    );
    expect(() => kubectlPatchPort('demo-west', DRIFT_PORT + 1)).toThrow(
      /is sealed; its spec may not be changed/,
    );

    const seal = await restoreFromTheDrawer(page, 'demo-west');

    const live = livePolicy('demo-west');
    expect(live.metadata.labels?.['netseal.io/sealed']).toBe('true');
    expect(live.metadata.annotations?.['netseal.io/seal']).toBe(seal);
    expect(live.spec.ingress[0].ports[0].port).not.toBe(DRIFT_PORT);
  });

  test('the picture is live: a live-only allow-all policy opens ingress, and Sealed only shows what Git says', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/payments/netseal');
    // demo-east comes first: there payments-debug-allow-all, in no policy source, lets
    // everyone in.
    await expect(
      page
        .getByRole('alert')
        .filter({ hasText: 'Ingress is open to everyone' }),
    ).toContainText(
      'shop/payments-debug-allow-all (live only, not sealed in Git) allows all ingress',
    );
    await expect(
      page.getByRole('note', { name: 'Live policies not as sealed' }),
    ).toContainText('shop/payments-debug-allow-all is live but not sealed');
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({
        path: test.info().outputPath(`picture-live-${width}.png`),
        fullPage: true,
      });
    }

    await page.getByRole('button', { name: 'Sealed only' }).click();

    await expect(
      page.getByRole('note').filter({ hasText: 'Ingress is isolated' }).first(),
    ).toBeVisible();
    await expect(
      page.getByText(
        'Drawn from the policies as sealed in Git for demo-east, whatever is live.',
      ),
    ).toBeVisible();
    await page.screenshot({
      path: test.info().outputPath('picture-sealed-1440.png'),
      fullPage: true,
    });
  });
});
