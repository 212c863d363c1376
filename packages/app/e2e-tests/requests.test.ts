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
 * change to payments' policy on the Network policies tab, sees it listed, and Riley opens
 * the request by its own link, reads what its pull request holds, approves it (once) and
 * merges it in the portal, which rolls it out to the cluster. scripts/e2e-backend.sh
 * gives the run its own throwaway policy repository (.tools/e2e/policy-repo), so branches
 * land there.
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

/** The open request drawer of request `id`: its heading shows the short id, titled with the whole. */
function requestDrawer(page: Page, id: string) {
  return page.getByRole('presentation').filter({
    has: page
      .getByRole('heading', { name: /^Request #/ })
      .and(page.getByTitle(id, { exact: true })),
  });
}

async function signOut(page: Page) {
  await page.goto('/settings');
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Sign Out' }).click();
}

/** Files the change the test made in the open dialog, and answers its request id. */
async function fileRequest(page: Page, reason: string): Promise<string> {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox', { name: /Reason/ }).fill(reason);
  await dialog.getByRole('button', { name: 'File request' }).click();
  const filed = dialog
    .getByRole('alert')
    .filter({ hasText: /^Request #\S+ is filed \(open\)\.$/ });
  await expect(filed).toBeVisible();
  const id = (await filed
    .getByRole('button', { name: /^Copy request id / })
    .getAttribute('aria-label'))!.replace('Copy request id ', '');
  // A local change has no page on a Git host: the request's own page in the portal.
  await expect(
    dialog.getByText('Reviewed in the portal, on its own page:'),
  ).toBeVisible();
  await expect(
    dialog.getByRole('link', { name: /\?request=/ }),
  ).toHaveAttribute(
    'href',
    new RegExp(`/catalog/default/component/payments/netseal\\?request=${id}$`),
  );
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  return id;
}

test.describe('replacement requests in the portal', () => {
  test('the guest files a change with its preview, and Riley approves and merges it', async ({
    page,
  }, testInfo) => {
    // Two people, two full loads of the portal, a merge, a rollout and an accessibility
    // scan: the bound is three times the suite's, for a loaded machine, not a figure of speed.
    test.slow();
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
    await expect(
      dialog.getByRole('button', { name: 'File request' }),
    ).toBeDisabled();
    const id = await fileRequest(page, 'Checkout moves its API to 9443');

    const row = requestRow(page, id);
    await expect(row.getByRole('status', { name: 'open' })).toBeVisible();
    // A local change has no page on a Git host (no file: link the browser refuses).
    await expect(row.getByText('reviewed here')).toBeVisible();
    await expect(row.getByRole('link')).toHaveCount(0);
    expect(git('branch', '--list', `netseal/request-${id}`)).toContain(
      `netseal/request-${id}`,
    );

    // The reviewer, someone other than the requester, opens the request by its own link.
    await signOut(page);
    await signIn(page, 'reviewer');
    const netsealConsole = watchConsoleForNetseal(page);
    await page.goto(
      `/catalog/default/component/payments/netseal?request=${encodeURIComponent(
        id,
      )}`,
    );
    const drawer = requestDrawer(page, id);
    await expect(drawer).toBeVisible();

    // Before approving, Riley reads what the pull request holds: the diff as committed,
    // both seals, the policy's drift status now and the access changes per cluster.
    const change = drawer.getByRole('region', {
      name: `Edit shop/payments-allow-checkout in ${cluster}`,
    });
    await expect(
      change.getByLabel(
        `Diff of Edit shop/payments-allow-checkout in ${cluster}`,
      ),
    ).toContainText('+        - port: 9443');
    await expect(
      change.getByLabel(
        `Diff of Edit shop/payments-allow-checkout in ${cluster}`,
      ),
    ).toContainText('-        - port: 8443');
    const oldSeal = (await change
      .getByText(/^Old seal: sha256:[0-9a-f]{64}$/)
      .textContent())!.replace('Old seal: ', '');
    const newSeal = (await change
      .getByText(/^New seal: sha256:[0-9a-f]{64}$/)
      .textContent())!.replace('New seal: ', '');
    expect(newSeal).not.toBe(oldSeal);
    await expect(change.getByRole('status', { name: 'in-sync' })).toBeVisible();
    if (cluster === 'demo-west') {
      const access = drawer.getByRole('list', {
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
        drawer.getByText('No access path opens or closes.'),
      ).toBeVisible();
    }
    await expect(
      drawer.getByRole('list', { name: `Rollout plan in ${cluster}` }),
    ).toContainText(`check its digest against ${newSeal}`);
    // Kept under e2e-test-results/ for a person to look at, at both usual widths.
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await drawer
        .getByRole('heading', { name: 'Changes', exact: true })
        .scrollIntoViewIfNeeded();
      await page.screenshot({
        path: testInfo.outputPath(`request-drawer-${width}.png`),
      });
      await drawer
        .getByRole('heading', { name: 'Reviews', exact: true })
        .scrollIntoViewIfNeeded();
      await page.screenshot({
        path: testInfo.outputPath(`request-drawer-${width}-access-plan.png`),
      });
    }

    await expect(drawer.getByText('0 of 1 approvals needed')).toBeVisible();
    await expect(drawer.getByRole('button', { name: 'Merge' })).toBeDisabled();
    await drawer
      .getByRole('textbox', { name: 'Review comment' })
      .fill('9443 is where checkout calls now');
    await drawer.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(drawer.getByText('1 of 1 approvals needed')).toBeVisible();
    const reviews = drawer.getByRole('list', { name: 'Reviews' });
    await expect(reviews).toContainText('Riley Reviewer approved');
    await expect(reviews).toContainText('9443 is where checkout calls now');
    // Approving twice is impossible: the button says so; rejecting stays possible.
    await expect(
      drawer.getByRole('button', { name: 'Approved by you' }),
    ).toBeDisabled();
    await expect(
      drawer.getByRole('button', { name: 'Approve', exact: true }),
    ).toHaveCount(0);
    await drawer
      .getByRole('textbox', { name: 'Review comment' })
      .fill('second thoughts');
    await expect(drawer.getByRole('button', { name: 'Reject' })).toBeEnabled();
    await drawer.getByRole('textbox', { name: 'Review comment' }).fill('');
    await expect(drawer.getByRole('list', { name: 'History' })).toContainText(
      'open → approved by Riley Reviewer: approved in the portal; 1 of 1 approvals count',
    );
    await drawer
      .getByRole('list', { name: 'History' })
      .scrollIntoViewIfNeeded();
    await page.screenshot({
      path: testInfo.outputPath('request-drawer-approved.png'),
    });

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
    for (const stepRow of await steps.getByRole('row').all()) {
      if ((await stepRow.getByRole('cell').count()) > 0) {
        await expect(stepRow.getByRole('cell').last()).toHaveText(
          /^\d+(\.\d)? (ms|s)$|^\d+ min( \d+ s)?$/,
        );
      }
    }
    // Who approved and who merged, as verified with the Git host before the rollout.
    const verified = drawer.getByRole('region', { name: 'Rollout' });
    await expect(verified).toContainText(/Approved by\s*Riley Reviewer/);
    await expect(verified).toContainText(/Merged by\s*Riley Reviewer/);
    await expect(drawer.getByRole('list', { name: 'History' })).toContainText(
      'approved → merged by Riley Reviewer',
    );
    await page.screenshot({
      path: testInfo.outputPath('request-rolled-out.png'),
    });
    await expectNoAccessibilityViolations(page, 'the request drawer');
    netsealConsole.expectNone('the tab and the request drawer');

    // Rolled out: the policy is in sync again, with the new seal the request recorded.
    await drawer.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(page).not.toHaveURL(/[?&]request=/);
    await expect(
      page
        .getByRole('row')
        .filter({ hasText: 'payments-allow-checkout' })
        .filter({ hasText: cluster })
        .getByRole('status', { name: 'in-sync' }),
    ).toBeVisible({ timeout: 30_000 });
  });

  test('the guest closes their own request: its branch is deleted and its history says who closed it', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto('/catalog/default/component/payments/netseal');
    await page.getByRole('button', { name: 'Request change' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /^Policy/ }).click();
    await page
      .getByRole('option', { name: 'shop/payments-default-deny in demo-east' })
      .click();
    const manifest = dialog.getByRole('textbox', { name: 'Manifest (YAML)' });
    await expect(manifest).toHaveValue(/policyTypes: \[Ingress, Egress\]/);
    const sealed = await manifest.inputValue();
    await manifest.fill(
      sealed.replace(
        'policyTypes: [Ingress, Egress]',
        'policyTypes: [Ingress]',
      ),
    );
    await expect(dialog.getByText('New seal:')).toBeVisible();
    const id = await fileRequest(page, 'Let payments call out again');
    expect(git('branch', '--list', `netseal/request-${id}`)).toContain(
      `netseal/request-${id}`,
    );

    await requestRow(page, id).click();
    const drawer = requestDrawer(page, id);
    await expect(page).toHaveURL(new RegExp(`[?&]request=${id}$`));
    // The requester does not review their own request; they may close it.
    await expect(
      drawer.getByText(
        'You filed this request, so another reviewer approves it; you can close it.',
      ),
    ).toBeVisible();
    await drawer.getByRole('button', { name: 'Close request' }).click();
    const confirm = page.getByRole('dialog', {
      name: `Close request #${id.slice(0, 8)}?`,
    });
    await confirm
      .getByRole('textbox', { name: 'Why (optional)' })
      .fill('payments keeps its egress closed');
    await confirm.getByRole('button', { name: 'Close request' }).click();

    await expect(drawer.getByRole('status', { name: 'closed' })).toBeVisible();
    await expect(drawer.getByRole('list', { name: 'History' })).toContainText(
      'open → closed by',
    );
    await expect(drawer.getByRole('list', { name: 'History' })).toContainText(
      ': payments keeps its egress closed',
    );
    expect(git('branch', '--list', `netseal/request-${id}`)).toBe('');
  });
});
