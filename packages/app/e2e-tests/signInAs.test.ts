import { expect, test } from '@playwright/test';
import { signIn } from './signIn';

test.describe('the demo’s two people', () => {
  test('the reviewer signs in as Riley, and after signing out the guest can sign in in the same browser', async ({
    page,
  }) => {
    await signIn(page, 'reviewer');
    await page.goto('/settings');
    // The profile card's heading; the identity card links Riley's entities once the
    // catalog answers, so the name shows there too.
    await expect(
      page.getByRole('heading', { name: 'Riley Reviewer', exact: true }),
    ).toBeVisible();
    await expect(page.getByText('riley@example.com')).toBeVisible();
    await expect(
      page.getByRole('link', { name: 'network-reviewers' }),
    ).toBeVisible();

    await page.getByRole('button', { name: 'more' }).click();
    await page.getByRole('menuitem', { name: 'Sign Out' }).click();
    await expect(
      page.getByRole('button', { name: 'Sign in as Riley' }),
    ).toBeVisible();

    // The guest is the catalog's user:default/guest, a member of the group that owns
    // the demo services: Settings finds them in the catalog.
    await signIn(page, 'guest');
    await page.goto('/settings');
    await expect(
      page.getByRole('heading', {
        name: 'user:default/guest',
        exact: true,
      }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: 'guests' })).toBeVisible();
    await expect(page.getByText('Riley Reviewer')).toHaveCount(0);
  });
});
