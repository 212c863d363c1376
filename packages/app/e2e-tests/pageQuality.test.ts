import { expect, Page, test } from '@playwright/test';
import {
  expectNoAccessibilityViolations,
  watchConsoleForNetseal,
} from './pageQuality';
import { signIn } from './signIn';

/**
 * Netseal's pages as a person with assistive technology, or a developer with the
 * console open, meets them: axe-core finds no WCAG A or AA violation, and the console
 * shows no warning of Netseal's own, at the two widths laptops show them at. The
 * request drawer is checked where a request exists, in requests.test.ts.
 */
const WIDTHS = [1280, 1440];

async function openTab(page: Page) {
  await page.goto('/catalog/default/component/payments/netseal');
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: 'payments-allow-checkout' })
      .filter({ hasText: 'demo-west' })
      .getByRole('status'),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: /reach/i }).first()).toBeVisible();
}

for (const width of WIDTHS) {
  test.describe(`Netseal's pages at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test.beforeEach(async ({ page }) => {
      await signIn(page);
    });

    test('the Network policies tab and a policy’s drawer', async ({ page }) => {
      const netsealConsole = watchConsoleForNetseal(page);
      await openTab(page);
      await expectNoAccessibilityViolations(page, 'the Network policies tab');

      await page
        .getByRole('button', {
          name: 'Open policy shop/payments-allow-checkout in demo-east',
        })
        .click();
      const drawer = page.getByRole('presentation').last();
      await drawer.getByRole('tab', { name: /history/i }).click();
      await expect(drawer.getByText('Status history')).toBeVisible();
      await drawer.getByRole('tab', { name: /diff/i }).click();
      await expectNoAccessibilityViolations(page, 'the policy drawer');
      await page.screenshot({
        path: test.info().outputPath(`policy-drawer-${width}.png`),
      });
      await drawer.getByRole('button', { name: 'Close' }).click();
      netsealConsole.expectNone('the tab and the policy drawer');
    });

    test('the fleet page', async ({ page }) => {
      const netsealConsole = watchConsoleForNetseal(page);
      await page.goto('/netseal');
      await expect(
        page.getByRole('row').filter({ hasText: 'demo-south' }).first(),
      ).toContainText('unreachable');
      await expect(
        page.getByRole('row').filter({ hasText: 'checkout-egress' }).first(),
      ).toContainText('drifted');
      await expectNoAccessibilityViolations(page, 'the fleet page');
      await page.screenshot({
        path: test.info().outputPath(`fleet-${width}.png`),
        fullPage: true,
      });
      netsealConsole.expectNone('the fleet page');
    });
  });
}

test('the overview card logs no warning of Netseal’s own', async ({ page }) => {
  await signIn(page);
  // The overview holds the catalog's own cards and tables beside Netseal's card.
  const netsealConsole = watchConsoleForNetseal(page, {
    everyTableIsNetseals: false,
  });
  await page.goto('/catalog/default/component/payments');
  await expect(
    page.getByRole('group', { name: 'Worst status' }).first(),
  ).toBeVisible();
  netsealConsole.expectNone('the overview card');
});
