import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, Page, test } from '@playwright/test';
import { signIn } from './signIn';

/**
 * The portal against the demo fleet that scripts/e2e-backend.sh starts: demo-east (one
 * drifted and one live-only policy), demo-west (in sync), demo-south (down), and the bulk
 * fleet. A policy is edited in place with kubectl, as an operator would, and the tab must
 * show the drift without a reload.
 */
const ROOT = path.resolve(__dirname, '../../..');
const WEST_KUBECONFIG = path.join(ROOT, '.tools/demo/demo-west.kubeconfig');

function kubectlPatchPort(port: number) {
  execFileSync(
    'kubectl',
    [
      '--kubeconfig',
      WEST_KUBECONFIG,
      '--namespace',
      'shop',
      'patch',
      'networkpolicy',
      'payments-allow-checkout',
      '--type=json',
      '--patch',
      JSON.stringify([
        { op: 'replace', path: '/spec/ingress/0/ports/0/port', value: port },
      ]),
    ],
    { stdio: 'pipe', timeout: 30_000 },
  );
}

function policyRow(page: Page, name: string, cluster: string) {
  return page
    .getByRole('row')
    .filter({ hasText: name })
    .filter({ hasText: cluster });
}

test.describe('Netseal in the portal', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  test('shows a service’s sealed policies, their drift, a live edit’s diff and who can reach it', async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/payments/netseal');

    await expect(
      policyRow(page, 'payments-allow-checkout', 'demo-west').getByRole(
        'status',
        { name: 'in-sync' },
      ),
    ).toBeVisible();
    await expect(
      policyRow(page, 'payments-allow-checkout', 'demo-south').getByRole(
        'status',
        { name: 'unknown' },
      ),
    ).toBeVisible();
    await expect(
      policyRow(page, 'payments-allow-checkout', 'demo-south'),
    ).toContainText('unreachable');
    await expect(
      policyRow(page, 'payments-debug-allow-all', 'demo-east').getByRole(
        'status',
        { name: 'unsealed' },
      ),
    ).toBeVisible();
    await expect(
      page.getByRole('img', { name: /reach/i }).first(),
    ).toBeVisible();
    await page.screenshot({
      path: test.info().outputPath('payments-tab.png'),
      fullPage: true,
    });

    try {
      kubectlPatchPort(9443);
      // No reload: the tab learns of the change by itself.
      await expect(
        policyRow(page, 'payments-allow-checkout', 'demo-west').getByRole(
          'status',
          { name: 'drifted' },
        ),
      ).toBeVisible({ timeout: 30_000 });

      await page
        .getByRole('button', {
          name: 'Open policy shop/payments-allow-checkout in demo-west',
        })
        .click();
      const drawer = page.getByRole('presentation').last();
      await drawer.getByRole('tab', { name: /diff/i }).click();
      await expect(drawer).toContainText('spec.ingress[0].ports[0].port');
      await expect(drawer).toContainText('8443');
      await expect(drawer).toContainText('9443');
      await page.screenshot({
        path: test.info().outputPath('payments-diff.png'),
        fullPage: true,
      });

      // The guest belongs to the group that owns payments, so the drift reaches them.
      await page.goto('/notifications');
      await expect(
        page.getByText(
          'NetworkPolicy shop/payments-allow-checkout in demo-west is drifted',
        ),
      ).toBeVisible();
    } finally {
      kubectlPatchPort(8443);
    }
  });

  test('the fleet page lists the fleet’s clusters and what is not in sync', async ({
    page,
  }) => {
    await page.goto('/netseal');
    await expect(
      page.getByRole('row').filter({ hasText: 'demo-south' }).first(),
    ).toContainText('unreachable');
    await expect(
      page.getByRole('row').filter({ hasText: 'checkout-egress' }).first(),
    ).toContainText('drifted');

    // No cluster of the demo has the admission guard yet; install it in demo-west,
    // where the requests suite then rolls a change out under it.
    await expect(
      page.getByRole('status', { name: 'Guard of demo-west: unprotected' }),
    ).toBeVisible();
    await page
      .getByRole('row')
      .filter({ hasText: 'demo-west' })
      .first()
      .getByRole('button', { name: 'Install guard' })
      .click();
    // Nothing is installed before the person confirms, knowing what will be created.
    const confirmation = page.getByRole('dialog', {
      name: 'Install the guard in demo-west?',
    });
    await expect(confirmation.getByRole('listitem')).toContainText([
      'Namespace netseal-system',
      'ConfigMap netseal-system/netseal-guard',
      'ValidatingAdmissionPolicy netseal-guard',
      'ValidatingAdmissionPolicyBinding netseal-guard',
    ]);
    await confirmation.screenshot({
      path: test.info().outputPath('guard-install-dialog.png'),
    });
    await confirmation.getByRole('button', { name: 'Install guard' }).click();
    await expect(
      page.getByRole('status', { name: 'Guard of demo-west: protected' }),
    ).toBeVisible();
    await expect(
      page.getByRole('status', { name: 'Guard of demo-east: unprotected' }),
    ).toBeVisible();
    await page.screenshot({
      path: test.info().outputPath('fleet.png'),
      fullPage: true,
    });

    // payments has policies in demo-east, whose guard is not installed: its tab says so.
    await page.goto('/catalog/default/component/payments/netseal');
    await expect(page.getByText(/demo-east/).first()).toBeVisible();
    await expect(
      page.getByRole('alert').filter({ hasText: 'demo-east' }).first(),
    ).toContainText('can be edited in place');
  });

  test('a service with 300 policies across 5 clusters: time to an interactive tab', async ({
    page,
  }) => {
    // From the service's overview, as a user arrives: a click on the tab, then the
    // table drawn, then a click on a policy answered. The app is the development build
    // (React's development mode), so the figure is an upper bound.
    await page.goto('/catalog/default/component/bulk');
    const tab = page
      .getByRole('navigation', { name: 'Content navigation' })
      .getByRole('link', { name: 'Network policies' });
    await expect(tab).toBeVisible();
    await expect(page.getByText(/in-sync: 300/).first()).toBeVisible();

    const started = Date.now();
    await tab.click();
    const firstPolicy = page
      .getByRole('button', { name: /^Open policy \S+\/bulk-allow-000 in / })
      .first();
    await expect(firstPolicy).toBeVisible();
    const rendered = Date.now() - started;
    await firstPolicy.click();
    await expect(page.getByRole('tab', { name: /diff/i })).toBeVisible();
    const interactive = Date.now() - started;

    const figure = {
      policies: 300,
      clusters: 5,
      renderedMs: rendered,
      interactiveMs: interactive,
    };
    // A figure for the README, not an assertion: these machines are shared and noisy.
    fs.writeFileSync(
      test.info().outputPath('portal-performance.json'),
      JSON.stringify(figure, null, 2),
    );
    // eslint-disable-next-line no-console
    console.log(`portal performance: ${JSON.stringify(figure)}`);
  });
});
