import { execFileSync } from 'node:child_process';
import { expect, Page, test } from '@playwright/test';

/**
 * What a platform team checks after installing Netseal by docs/install.md into an app
 * made with create-app (scripts/install-test.sh): the entity tab shows the service's
 * policies, an edit in the cluster turns one drifted, and the fleet page lists the
 * clusters. Each test names the docs section whose result it checks.
 */
const variant = process.env.NETSEAL_INSTALL_TEST_VARIANT ?? 'new';
const kubeconfig = process.env.NETSEAL_INSTALL_TEST_KUBECONFIG ?? '';
const frontendSection =
  variant === 'legacy'
    ? 'Frontend, legacy system'
    : 'Frontend, new frontend system';

function kubectlPatchPort(port: number) {
  execFileSync(
    'kubectl',
    [
      '--kubeconfig',
      kubeconfig,
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

/**
 * create-app's guest sign-in: a button in the new frontend system, automatic in the legacy
 * app. Signed in, both apps draw their sidebar (whose catalog link the legacy app calls
 * Home).
 */
async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter', exact: true });
  // The nav element itself has no box of its own; its links do.
  const sidebar = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link')
    .first();
  await expect(enter.or(sidebar)).toBeVisible();
  if (await enter.isVisible()) {
    await enter.click();
  }
  await expect(sidebar).toBeVisible();
}

function policyRow(page: Page, name: string, cluster: string) {
  return page
    .getByRole('row')
    .filter({ hasText: name })
    .filter({ hasText: cluster });
}

test.describe(`docs/install.md in create-app's ${variant} app`, () => {
  test.beforeEach(async ({ page }) => {
    await signInAsGuest(page);
  });

  test(`§ ${frontendSection}: the entity tab shows the service's policies, and a live edit turns one drifted`, async ({
    page,
  }) => {
    await page.goto('/catalog/default/component/payments');
    // The legacy EntityLayout draws tabs; the new frontend system's entity page of this
    // release draws the same as links in its content navigation.
    await page
      .getByRole('tab', { name: 'Network policies' })
      .or(
        page
          .getByRole('navigation', { name: 'Content navigation' })
          .getByRole('link', { name: 'Network policies' }),
      )
      .click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/payments\/netseal/,
    );

    await expect(
      policyRow(page, 'payments-allow-checkout', 'demo-west').getByRole(
        'status',
        { name: 'in-sync' },
      ),
    ).toBeVisible();
    await expect(
      policyRow(page, 'payments-allow-checkout', 'demo-east'),
    ).toBeVisible();
    await page.screenshot({
      path: test.info().outputPath(`${variant}-payments-tab.png`),
      fullPage: true,
    });

    try {
      kubectlPatchPort(9443);
      await expect(
        policyRow(page, 'payments-allow-checkout', 'demo-west').getByRole(
          'status',
          { name: 'drifted' },
        ),
      ).toBeVisible();
      await page.screenshot({
        path: test.info().outputPath(`${variant}-payments-drifted.png`),
        fullPage: true,
      });
    } finally {
      kubectlPatchPort(8443);
    }
  });

  test(`§ ${frontendSection}: the fleet page lists the clusters`, async ({
    page,
  }) => {
    await page.goto('/netseal');
    for (const cluster of ['demo-east', 'demo-west']) {
      await expect(
        page.getByRole('row').filter({ hasText: cluster }).first(),
      ).toBeVisible();
    }
    await page.screenshot({
      path: test.info().outputPath(`${variant}-fleet.png`),
      fullPage: true,
    });
  });
});
