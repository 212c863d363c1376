import { execFileSync, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect, Page, test } from '@playwright/test';
import { signIn } from './signIn';

/**
 * The demo signs what it does (scripts/demo-clusters.sh gives it a key): a restore of a
 * policy edited with kubectl ends in a signed attestation that `netseal attest verify`
 * accepts with the demo's public key, and refuses once one byte of its predicate changed.
 */
const ROOT = path.resolve(__dirname, '../../..');
const BACKEND = 'http://localhost:7007';
const CLUSTER = 'demo-east';
// Of the checkout service, which no other suite drifts.
const POLICY = 'checkout-egress';
const PUBLIC_KEY = path.join(ROOT, '.tools/demo/attestation.pub');

async function guestToken(page: Page): Promise<string> {
  const response = await page.request.get(`${BACKEND}/api/auth/guest/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
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

test('a restore in the demo is signed, and netseal attest verify accepts it until one byte of it changes', async ({
  page,
}, testInfo) => {
  await signIn(page);
  const headers = { Authorization: `Bearer ${await guestToken(page)}` };
  const policyPath = `${BACKEND}/api/netseal/entities/component/default/checkout/policies/${CLUSTER}/shop/${POLICY}`;
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
    const started = await page.request.post(`${policyPath}/restore`, {
      headers,
    });
    expect(started.status()).toBe(202);
    const { id } = await started.json();

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

    const file = testInfo.outputPath('attestation.json');
    await fs.writeFile(file, JSON.stringify(attestation));
    const accepted = attestVerify(file);
    expect(accepted.stderr).toBe('');
    expect(accepted.status).toBe(0);
    expect(accepted.stdout).toContain(
      `restore ${id} of component:default/checkout`,
    );
    expect(accepted.stdout).toContain(
      `created ${CLUSTER}/shop/${POLICY} sha256:`,
    );

    const payload = Buffer.from(attestation!.envelope.payload, 'base64');
    const at = payload.indexOf('"requestedBy":"') + '"requestedBy":"'.length;
    payload[at] = payload[at] === 0x78 ? 0x79 : 0x78;
    const edited = testInfo.outputPath('attestation.edited.json');
    await fs.writeFile(
      edited,
      JSON.stringify({
        ...attestation,
        envelope: {
          ...attestation!.envelope,
          payload: payload.toString('base64'),
        },
      }),
    );
    const refused = attestVerify(edited);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /refused: bad signature: .* does not match the payload/,
    );
  } finally {
    // Leave the policy as sealed for the other suites, whatever happened above; once
    // restored it has no such label, which kubectl reports without failing.
    kubectlLabel(null);
  }
});
