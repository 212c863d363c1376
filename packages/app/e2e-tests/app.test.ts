import { test, expect } from '@playwright/test';
import { signIn } from './signIn';

test.describe('the portal on embedded defaults', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page);
  });

  test('lists the demo services in the catalog', async ({ page }) => {
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await expect(
      nav.getByRole('link', { name: 'Catalog', exact: true }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: 'payments' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'checkout' })).toBeVisible();
  });

  test('mounts the Netseal page, which reaches the Netseal backend', async ({
    page,
  }) => {
    await page.goto('/netseal');
    await expect(
      page.getByRole('heading', { name: 'Netseal', exact: true }).first(),
    ).toBeVisible();
    await expect(page.getByText('Netseal backend: ok')).toBeVisible();
  });
});
