import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, Page, test } from '@playwright/test';
import {
  expectNoAccessibilityViolations,
  watchConsoleForNetseal,
} from './pageQuality';
import { signIn } from './signIn';

/**
 * A replacement request in the demo, with the local Git provider: the guest files a
 * change to payments' policy on the Network policies tab, sees it listed, and Riley
 * approves and merges it in the portal, which rolls it out to the cluster. scripts/e2e-backend.sh gives the run its own
 * throwaway policy repository (.tools/e2e/policy-repo), so branches land there.
 */
const ROOT = path.resolve(__dirname, '../../..');
const POLICY_REPO = path.join(ROOT, '.tools/e2e/policy-repo');

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: POLICY_REPO,
    stdio: 'pipe',
    timeout: 30_000,
  }).toString();
}

/** A request is shown by the first characters of its id, with a button that copies the whole id. */
function copyIdButton(page: Page, id: string) {
  return page.getByRole('button', { name: `Copy request id ${id}` });
}

function requestRow(page: Page, id: string) {
  return page.getByRole('row').filter({ has: copyIdButton(page, id) });
}

test.describe('replacement requests in the portal', () => {
  test('the guest files a change with its preview, and Riley approves and merges it', async ({
    page,
  }, testInfo) => {
    // Two people, a rollout and an accessibility scan: longer than one page's default.
    test.setTimeout(180_000);
    // A retry in the same backend files on another cluster: the first attempt's request
    // may still hold its policy. In demo-west a checkout pod calls payments, so moving the
    // port opens and closes a flow; in demo-east the live-only payments-debug-allow-all
    // already lets everything in, so nothing changes.
    const cluster = testInfo.retry === 0 ? 'demo-west' : 'demo-east';
    await signIn(page);
    await page.goto('/catalog/default/component/payments/netseal');

    await page.getByRole('button', { name: 'Request change' }).click();
    const dialog = page.getByRole('dialog');
    await expect(
      dialog.getByRole('heading', {
        name: 'Request a policy change for payments',
      }),
    ).toBeVisible();
    await dialog.getByRole('button', { name: /^Policy/ }).click();
    await page
      .getByRole('option', {
        name: `shop/payments-allow-checkout in ${cluster}`,
      })
      .click();
    const manifest = dialog.getByRole('textbox', { name: 'Manifest (YAML)' });
    // The policy's document as its file in Git holds it, comment included.
    await expect(manifest).toHaveValue(
      /^# Only checkout may reach payments, on its API port\.\n[^]*port: 8443/,
    );

    // A broken edit is named by its field before anything can be filed.
    const sealed = await manifest.inputValue();
    await manifest.fill(sealed.replace('port: 8443', 'port: 70000'));
    await expect(dialog.getByLabel('Problems')).toContainText(
      'spec.ingress[0].ports[0].port',
    );

    await manifest.fill(sealed.replace('port: 8443', 'port: 9443'));
    await expect(
      dialog.getByLabel(
        `Diff of Edit shop/payments-allow-checkout in ${cluster}`,
      ),
    ).toContainText('+        - port: 9443');
    await expect(dialog.getByText('New seal:')).toBeVisible();
    await expect(
      dialog.getByRole('heading', { name: 'Access changes' }),
    ).toBeVisible();
    await expect(dialog.getByText(`Cluster ${cluster}`)).toBeVisible();
    if (cluster === 'demo-west') {
      const access = dialog.getByRole('list', {
        name: 'Access changes in demo-west',
      });
      await expect(access).toContainText(
        'Opens: pods app=checkout in namespace shop → pods app=payments in namespace shop on TCP 9443',
      );
      await expect(access).toContainText(
        'Closes: pods app=checkout in namespace shop → pods app=payments in namespace shop on TCP 8443',
      );
    } else {
      await expect(
        dialog.getByText('No access path opens or closes.'),
      ).toBeVisible();
    }

    // Kept under e2e-test-results/ for a person to look at.
    await dialog.screenshot({
      path: testInfo.outputPath('request-preview.png'),
    });
    const file = dialog.getByRole('button', { name: 'File request' });
    await expect(file).toBeDisabled();
    await dialog
      .getByRole('textbox', { name: /Reason/ })
      .fill('Checkout moves its API to 9443');
    await file.click();

    const filed = dialog
      .getByRole('alert')
      .filter({ hasText: /^Request #\S+ is filed \(open\)\.$/ });
    await expect(filed).toBeVisible();
    const id = (await filed
      .getByRole('button', { name: /^Copy request id / })
      .getAttribute('aria-label'))!.replace('Copy request id ', '');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await expect(
      requestRow(page, id).getByRole('status', { name: 'open' }),
    ).toBeVisible();
    expect(git('branch', '--list', `netseal/request-${id}`)).toContain(
      `netseal/request-${id}`,
    );

    // The reviewer: someone other than the requester.
    await page.goto('/settings');
    await page.getByRole('button', { name: 'more' }).click();
    await page.getByRole('menuitem', { name: 'Sign Out' }).click();
    await signIn(page, 'reviewer');
    const netsealConsole = watchConsoleForNetseal(page);
    await page.goto('/catalog/default/component/payments/netseal');

    await requestRow(page, id).click();
    const drawer = page.getByRole('presentation').filter({
      has: page.getByRole('heading', { name: /^Request #/ }),
    });
    await expect(
      drawer.getByRole('heading', { name: /^Request #/ }),
    ).toHaveAttribute('title', id);
    await expect(drawer.getByText('0 of 1 approvals needed')).toBeVisible();
    await expect(drawer.getByRole('button', { name: 'Merge' })).toBeDisabled();
    await drawer.getByRole('button', { name: 'Approve' }).click();
    await expect(drawer.getByText('1 of 1 approvals needed')).toBeVisible();
    await expect(drawer.getByText('riley: approved')).toBeVisible();

    await drawer.getByRole('button', { name: 'Merge' }).click();
    // Merged (and maybe rolling out or done already, as the rollout starts at once).
    await expect(
      drawer.getByRole('status', { name: /^(merged|rolling-out|completed)$/ }),
    ).toBeVisible();
    // The policy source's main branch now holds the resealed policy.
    expect(
      git('show', `main:demo/policies/payments/${cluster}/allow-checkout.yaml`),
    ).toContain('port: 9443');

    // The merge starts the rollout: the drawer shows it live, step by step, as the
    // cluster's rollout identity, until the request is completed.
    await expect(drawer.getByRole('status', { name: 'completed' })).toBeVisible(
      {
        timeout: 30_000,
      },
    );
    const rollout = drawer.getByRole('region', { name: `Cluster ${cluster}` });
    await expect(rollout).toContainText(
      'as netseal-rollout (kubeconfig user rollout)',
    );
    const steps = rollout.getByRole('table', { name: `Steps in ${cluster}` });
    for (const step of [
      /^Create the guard shop\/netseal-guard-/,
      'Delete shop/payments-allow-checkout.',
      'Create shop/payments-allow-checkout, labelled netseal.io/sealed=true.',
      /^Read shop\/payments-allow-checkout back and check its digest/,
      /^Delete the guard shop\/netseal-guard-/,
    ]) {
      await expect(
        steps.getByRole('row').filter({ hasText: step }),
      ).toContainText('done');
    }
    await rollout.screenshot({
      path: testInfo.outputPath('rollout-steps.png'),
    });
    // Each step says how long it took.
    for (const row of await steps.getByRole('row').all()) {
      if ((await row.getByRole('cell').count()) > 0) {
        await expect(row.getByRole('cell').last()).toHaveText(
          /^\d+(\.\d)? (ms|s)$|^\d+ min( \d+ s)?$/,
        );
      }
    }
    // Who approved and who merged, as verified with the Git host before the rollout.
    const verified = drawer.getByRole('region', { name: 'Rollout' });
    await expect(verified).toContainText(/Approved by\s*riley/);
    await expect(verified).toContainText(/Merged by\s*riley/);
    await page.screenshot({
      path: testInfo.outputPath('request-rolled-out.png'),
    });
    await expectNoAccessibilityViolations(page, 'the request drawer');
    netsealConsole.expectNone('the tab and the request drawer');

    // Rolled out: the policy is in sync again, with the new seal the request recorded.
    await drawer.getByRole('button', { name: 'Close' }).click();
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: 'payments-allow-checkout' })
        .filter({ hasText: cluster })
        .getByRole('status', { name: 'in-sync' }),
    ).toBeVisible({ timeout: 30_000 });
  });
});
