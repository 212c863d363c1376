import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect, Page, test } from '@playwright/test';
import { signIn } from './signIn';

/**
 * The demo signs what it does (scripts/demo-clusters.sh gives it a key): a restore of a
 * policy edited with kubectl, and the rollout of a request the guest filed and Riley
 * approved, each end in a signed attestation that `netseal attest verify` accepts with the
 * demo's public key, and refuses once one byte of its predicate changed. The restore runs
 * first: the rollout then changes the policy's seal in the run's policy repository.
 */
const ROOT = path.resolve(__dirname, '../../..');
const BACKEND = 'http://localhost:7007';
const CLUSTER = 'demo-east';
// Of the checkout service; the demo seeds it drifted, and each test here puts that back.
const POLICY = 'checkout-egress';
const PUBLIC_KEY = path.join(ROOT, '.tools/demo/attestation.pub');

/**
 * A Backstage token of a demo person, for calls to the backend's API: the signed-in
 * guest, or Riley through the demo's proxy provider (packages/app's demoIdentities).
 */
async function tokenOf(page: Page, who: 'guest' | 'riley'): Promise<string> {
  const response = await page.request.get(
    `${BACKEND}/api/auth/${who === 'guest' ? 'guest' : 'demo'}/refresh`,
    {
      headers: {
        'X-Requested-With': 'XMLHttpRequest',
        ...(who === 'riley'
          ? { 'x-netseal-demo-user': 'user:default/riley' }
          : {}),
      },
    },
  );
  expect(response.ok()).toBe(true);
  return (await response.json()).backstageIdentity.token;
}

function kubectlLabel(value: string | null): void {
  execFileSync(
    'kubectl',
    [
      '--kubeconfig',
      path.join(ROOT, `.tools/demo/${CLUSTER}.kubeconfig`),
      '--namespace',
      'shop',
      'label',
      '--overwrite',
      'networkpolicy',
      POLICY,
      value === null ? 'edited-by-hand-' : `edited-by-hand=${value}`,
    ],
    { stdio: 'pipe', timeout: 30_000 },
  );
}

/**
 * Puts back the drift the demo is seeded with (checkout-egress live on 8444 only), which
 * the fleet page's tests expect to find, whatever this suite restored or rolled out.
 */
function putBackTheDemoDrift(): void {
  kubectlLabel(null);
  execFileSync(
    'kubectl',
    [
      '--kubeconfig',
      path.join(ROOT, `.tools/demo/${CLUSTER}.kubeconfig`),
      '--namespace',
      'shop',
      'patch',
      'networkpolicy',
      POLICY,
      '--type=json',
      '--patch',
      JSON.stringify([
        {
          op: 'replace',
          path: '/spec/egress/0/ports',
          value: [{ port: 8444 }],
        },
      ]),
    ],
    { stdio: 'pipe', timeout: 30_000 },
  );
}

/** `netseal attest verify FILE --key` the demo's public key, as an auditor runs it. */
function attestVerify(file: string) {
  return spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'plugins/netseal-cli/bin/netseal'),
      'attest',
      'verify',
      file,
      '--key',
      PUBLIC_KEY,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
}

/** Polls until the attestation is served, saves it, and checks it with the CLI. */
async function verifyAttestationOf(
  page: Page,
  headers: Record<string, string>,
  id: string,
  file: string,
) {
  let attestation: { id: string; envelope: { payload: string } } | undefined;
  await expect
    .poll(
      async () => {
        const response = await page.request.get(
          `${BACKEND}/api/netseal/attestations/${id}`,
          { headers },
        );
        if (response.ok()) attestation = await response.json();
        return response.status();
      },
      { timeout: 60_000 },
    )
    .toBe(200);
  await fs.writeFile(file, JSON.stringify(attestation));
  const accepted = attestVerify(file);
  expect(accepted.stderr).toBe('');
  expect(accepted.status).toBe(0);
  return { attestation: attestation!, stdout: accepted.stdout };
}

/** The attestation with one byte of its predicate changed, which the CLI must refuse. */
async function refusedOnceEdited(
  attestation: { envelope: { payload: string } },
  field: string,
  file: string,
) {
  const payload = Buffer.from(attestation.envelope.payload, 'base64');
  const at = payload.indexOf(`"${field}":"`) + `"${field}":"`.length;
  payload[at] = payload[at] === 0x78 ? 0x79 : 0x78;
  await fs.writeFile(
    file,
    JSON.stringify({
      ...attestation,
      envelope: {
        ...attestation.envelope,
        payload: payload.toString('base64'),
      },
    }),
  );
  const refused = attestVerify(file);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(
    /refused: bad signature: .* does not match the payload/,
  );
}

test.describe.configure({ mode: 'serial' });

test('a restore in the demo is signed, and netseal attest verify accepts it until one byte of it changes', async ({
  page,
}, testInfo) => {
  await signIn(page);
  const headers = { Authorization: `Bearer ${await tokenOf(page, 'guest')}` };
  // An added label is drift, as any edit of what the seal covers.
  kubectlLabel('yes');
  try {
    await expect
      .poll(
        async () => {
          const response = await page.request.get(
            `${BACKEND}/api/netseal/entities/component/default/checkout/policies`,
            { headers },
          );
          const body = await response.json();
          return body.items?.find(
            (item: { cluster: string; name: string }) =>
              item.cluster === CLUSTER && item.name === POLICY,
          )?.status;
        },
        { timeout: 30_000 },
      )
      .toBe('drifted');
    const started = await page.request.post(
      `${BACKEND}/api/netseal/entities/component/default/checkout/policies/${CLUSTER}/shop/${POLICY}/restore`,
      { headers },
    );
    expect(started.status()).toBe(202);
    const { id } = await started.json();

    const { attestation, stdout } = await verifyAttestationOf(
      page,
      headers,
      id,
      testInfo.outputPath('attestation.json'),
    );
    expect(stdout).toContain(`restore ${id} of component:default/checkout`);
    expect(stdout).toContain(`created ${CLUSTER}/shop/${POLICY} sha256:`);
    await refusedOnceEdited(
      attestation,
      'requestedBy',
      testInfo.outputPath('attestation.edited.json'),
    );
  } finally {
    putBackTheDemoDrift();
  }
});

test('a request rolled out in the demo is signed with its approver and merge commit', async ({
  page,
}, testInfo) => {
  test.setTimeout(180_000);
  await signIn(page);
  const guest = { Authorization: `Bearer ${await tokenOf(page, 'guest')}` };
  const riley = { Authorization: `Bearer ${await tokenOf(page, 'riley')}` };
  const manifest = (
    await fs.readFile(
      path.join(
        ROOT,
        'examples/demo/policies/checkout/demo-east/egress-to-payments.yaml',
      ),
      'utf8',
    )
  ).replace(
    '        - port: 8443',
    '        - port: 8443\n        - port: 8444',
  );

  try {
    const filed = await page.request.post(`${BACKEND}/api/netseal/requests`, {
      headers: guest,
      data: {
        entityRef: 'component:default/checkout',
        // Another port beside 8443, so every flow the other suites expect stays open.
        reason: 'payments also listens on 8444',
        changes: [
          {
            op: 'replace',
            cluster: CLUSTER,
            namespace: 'shop',
            name: POLICY,
            manifest,
          },
        ],
      },
    });
    expect(filed.status()).toBe(201);
    const { id } = await filed.json();
    const approved = await page.request.post(
      `${BACKEND}/api/netseal/requests/${id}/reviews`,
      { headers: riley, data: { decision: 'approve' } },
    );
    expect(approved.status()).toBe(200);
    const merged = await page.request.post(
      `${BACKEND}/api/netseal/requests/${id}/merge`,
      { headers: riley },
    );
    expect(merged.status()).toBe(200);

    const { attestation, stdout } = await verifyAttestationOf(
      page,
      guest,
      id,
      testInfo.outputPath('attestation.json'),
    );
    expect(stdout).toContain(`request ${id} of component:default/checkout`);
    expect(stdout).toContain('approved by: user:default/riley');
    expect(stdout).toMatch(/merge commit: [0-9a-f]{40}/);
    expect(stdout).toContain(`created ${CLUSTER}/shop/${POLICY} sha256:`);
    await refusedOnceEdited(
      attestation,
      'mergeCommit',
      testInfo.outputPath('attestation.edited.json'),
    );
  } finally {
    putBackTheDemoDrift();
  }
});
