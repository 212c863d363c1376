import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

test.describe('the demo’s two people', () => {
  test('the reviewer signs in as Riley, and after signing out the guest can sign in in the same browser', async ({
    page,
  }) => {
    await signIn(page, 'reviewer');
    await page.goto('/settings');
    await expect(page.getByText('Riley Reviewer')).toBeVisible();
    await expect(page.getByText('riley@example.com')).toBeVisible();

    await page.getByRole('button', { name: 'more' }).click();
    await page.getByRole('menuitem', { name: 'Sign Out' }).click();

    await signIn(page, 'guest');
    await page.goto('/settings');
    await expect(page.getByText('user:development/guest')).toBeVisible();
    await expect(page.getByText('Riley Reviewer')).toHaveCount(0);
  });
});
