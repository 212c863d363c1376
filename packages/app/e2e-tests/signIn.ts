import { expect, Page } from '@playwright/test';

/**
 * Guest sign-in, as app-config.yaml configures it. Waits for the app's shell: navigating
 * before it has rendered can lose the fresh guest session.
 */
export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
