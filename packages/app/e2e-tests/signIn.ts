import { expect, Page } from '@playwright/test';

/**
 * The demo's people (packages/app/src/modules/demoSignIn): the guest, who files
 * requests, and Riley, who reviews them.
 */
const signInButtons = {
  guest: 'Enter',
  reviewer: 'Sign in as Riley',
} as const;

/**
 * Signs in as the guest (the default) or the reviewer on the demo's sign-in page. Waits
 * for the app's shell: navigating before it has rendered can lose the fresh session.
 */
export async function signIn(
  page: Page,
  as: keyof typeof signInButtons = 'guest',
) {
  await page.goto('/');
  await page
    .getByRole('button', { name: signInButtons[as], exact: true })
    .click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}
