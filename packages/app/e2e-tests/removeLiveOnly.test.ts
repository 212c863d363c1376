import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, Page, test } from '@playwright/test';
import { signIn } from './signIn';

/**
 * Removing a policy Git never held: a live-only policy made with kubectl in the demo,
 * whose removal is requested from its drawer (with the acknowledgement of the pods it
 * leaves open), approved and merged by Riley, and rolled out: the policy is gone from the
 * cluster and from the tab, and the policy source's history records the removal in an
 * empty commit.
 */
const ROOT = path.resolve(__dirname, '../../..');
const POLICY_REPO = path.join(ROOT, '.tools/e2e/policy-repo');
const CLUSTER = 'demo-west';
// Egress only: in demo-west nothing else isolates payments' egress, so removing it asks
// for the acknowledgement.
const POLICY = 'payments-e2e-deny-egress';
// Fully qualified: demo clusters also serve Calico's NetworkPolicy kind, which kubectl may
// pick for the short name.
const RESOURCE = 'networkpolicies.networking.k8s.io';
const MANIFEST = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: POLICY, namespace: 'shop' },
  spec: {
    podSelector: { matchLabels: { app: 'payments' } },
    policyTypes: ['Egress'],
  },
};

function kubectl(...args: string[]): string {
  return execFileSync(
    'kubectl',
    [
      '--kubeconfig',
      path.join(ROOT, `.tools/demo/${CLUSTER}.kubeconfig`),
      '--namespace',
      'shop',
      ...args,
    ],
    { stdio: 'pipe', timeout: 30_000, input: JSON.stringify(MANIFEST) },
  ).toString();
}

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: POLICY_REPO,
    stdio: 'pipe',
    timeout: 30_000,
  }).toString();
}

async function signOut(page: Page) {
  await page.goto('/settings');
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Sign Out' }).click();
}

function policyRow(page: Page) {
  return page
    .getByRole('row')
    .filter({ hasText: POLICY })
    .filter({ hasText: CLUSTER });
}

test.describe('removing a live-only policy in the portal', () => {
  test.afterEach(() => {
    // Whatever happened, the demo is left without the test's policy.
    kubectl('delete', RESOURCE, POLICY, '--ignore-not-found');
  });

  test('the guest requests the removal from the drawer, Riley approves and merges it, and the rollout deletes the live policy', async ({
    page,
  }, testInfo) => {
    kubectl('apply', '--filename', '-');
    const uid = JSON.parse(kubectl('get', RESOURCE, POLICY, '--output', 'json'))
      .metadata.uid as string;

    await signIn(page);
    await page.goto('/catalog/default/component/payments/netseal');
    await expect(
      policyRow(page).getByRole('status', { name: 'unsealed' }),
    ).toBeVisible({ timeout: 30_000 });
    await page
      .getByRole('button', { name: `Open policy shop/${POLICY} in ${CLUSTER}` })
      .click();
    const drawer = page.getByRole('presentation').last();
    await expect(
      drawer.getByRole('button', { name: 'Adopt into Git' }),
    ).toBeVisible();
    await drawer.getByRole('button', { name: 'Remove', exact: true }).click();

    const dialog = page.getByRole('dialog', { name: `Remove ${POLICY}?` });
    await expect(dialog).toContainText(
      `shop/${POLICY} in ${CLUSTER} is live but no policy source holds it.`,
    );
    const acknowledgement = dialog.getByRole('checkbox', {
      name: /leaves these pods open to all traffic/,
    });
    await expect(acknowledgement).toBeVisible();
    await expect(dialog).toContainText('open to all egress traffic');
    await dialog
      .getByRole('textbox', { name: /Reason/ })
      .fill('a leftover of an incident; nobody reviewed it');
    const file = dialog.getByRole('button', { name: 'Request removal' });
    await expect(file).toBeDisabled();
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({
        path: testInfo.outputPath(`remove-dialog-${width}.png`),
      });
    }
    await acknowledgement.check();
    await expect(file).toBeEnabled();
    await file.click();
    const filed = dialog
      .getByRole('status')
      .filter({ hasText: /Removal request #\S+ is filed \(open\)\./ });
    await expect(filed).toBeVisible();
    const id = (await filed
      .getByRole('button', { name: /^Copy request id / })
      .getAttribute('aria-label'))!.replace('Copy request id ', '');
    // The branch holds one commit that changes no file and names the live object.
    expect(git('diff', '--stat', `main...netseal/request-${id}`)).toBe('');
    expect(git('log', '-1', '--format=%B', `netseal/request-${id}`)).toContain(
      `Netseal-Live-Removal: cluster=${CLUSTER} namespace=shop name=${POLICY} uid=${uid}`,
    );

    await signOut(page);
    await signIn(page, 'reviewer');
    await page.goto(
      `/catalog/default/component/payments/netseal?request=${encodeURIComponent(
        id,
      )}`,
    );
    const request = page.getByRole('presentation').filter({
      has: page
        .getByRole('heading', { name: /^Request #/ })
        .and(page.getByTitle(id, { exact: true })),
    });
    const change = request.getByRole('region', {
      name: `Remove shop/${POLICY} in ${CLUSTER}`,
    });
    await expect(change).toContainText(
      'File: none; Git never held this live policy',
    );
    await expect(change).toContainText(`Live object: uid ${uid}`);
    for (const width of [1280, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await change.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: testInfo.outputPath(`remove-request-${width}.png`),
      });
    }
    await request.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect(request.getByText('1 of 1 approvals needed')).toBeVisible();
    await request.getByRole('button', { name: 'Merge' }).click();
    await expect(
      request.getByRole('status', { name: 'completed' }),
    ).toBeVisible({ timeout: 30_000 });
    const steps = request
      .getByRole('region', { name: `Cluster ${CLUSTER}` })
      .getByRole('table', { name: `Steps in ${CLUSTER}` });
    await expect(
      steps.getByRole('row').filter({ hasText: `Delete shop/${POLICY}.` }),
    ).toContainText('done');

    // Gone from the cluster, and from the tab's live picture.
    expect(() => kubectl('get', RESOURCE, POLICY)).toThrow(/NotFound/);
    expect(git('log', '-n', '3', '--format=%B', 'main')).toContain(
      `Netseal-Live-Removal: cluster=${CLUSTER} namespace=shop name=${POLICY}`,
    );
    await request.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(
      page.getByRole('button', {
        name: `Open policy shop/${POLICY} in ${CLUSTER}`,
      }),
    ).toHaveCount(0, { timeout: 30_000 });
  });
});
