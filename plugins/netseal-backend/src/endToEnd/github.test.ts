import { mockCredentials } from '@backstage/backend-test-utils';
import {
  computeSeal,
  describeNetworkPolicy,
  NetworkPolicy,
} from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { parse, stringify } from 'yaml';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import { PAYMENTS, policiesPath, statusesOf } from './__testUtils__/endToEnd';
import { useGithubPaymentsBackend } from './__testUtils__/useGithubPaymentsBackend';

const JANE = mockCredentials.user.header('user:default/jane');
const POLICY_FILE = 'payments/prod-eu/allow-checkout.yaml';
const SEED_FILES = {
  'README.md': '# Policies of acme\n',
  [POLICY_FILE]: sealed(allowCheckout),
  // Another team's folder: outside the policy source, never read nor touched.
  'shop/prod-eu/allow-web.yaml': sealed({
    ...allowCheckout,
    metadata: { ...allowCheckout.metadata, name: 'allow-web' },
  }),
};

const onPort9443: NetworkPolicy = structuredClone(allowCheckout);
onPort9443.spec.ingress![0].ports = [{ port: 9443 }];

const replaceOnPort9443 = {
  entityRef: PAYMENTS,
  reason: 'checkout moved to 9443',
  changes: [
    {
      op: 'replace',
      cluster: 'prod-eu',
      namespace: 'shop',
      name: 'allow-checkout',
      manifest: stringify(onPort9443),
    },
  ],
};

/** The JSON of the description's `<!-- netseal-request: {...} -->` marker. */
function markerOf(body: string): unknown {
  const match = body.match(/<!-- netseal-request: (\{.*\}) -->/);
  return match ? JSON.parse(match[1]) : undefined;
}

describe('replacement requests against GitHub Enterprise, set up as an adopter would', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const github = useGithubPaymentsBackend(SEED_FILES, [sealed(allowCheckout)]);

  /** GitHub holding the sealed policies, and a backend whose drift engine has read them. */
  async function start() {
    return github.start();
  }

  it("shows the entity's policies read from its GitHub policy source, with their drift statuses", async () => {
    const { server } = await start();

    const res = await request(server).get(policiesPath);

    expect(res.status).toBe(200);
    expect(res.body.sourceError).toBeUndefined();
    expect(statusesOf(res.body)).toEqual({
      'prod-eu/allow-checkout': 'in-sync',
    });
  });

  it('opens one branch with one commit of the resealed manifest, and a labelled pull request that describes the change', async () => {
    const { fake, server } = await start();

    const res = await request(server)
      .post('/api/netseal/requests')
      .set('Authorization', JANE)
      .send(replaceOnPort9443);

    expect(res.status).toBe(201);
    const { id } = res.body;
    const branch = `netseal/request-${id}`;
    const oldSeal = computeSeal(allowCheckout);
    const newSeal = computeSeal(onPort9443);
    expect(res.body).toEqual(
      expect.objectContaining({
        state: 'open',
        requester: 'user:default/jane',
        providerId: 'github',
        branch,
        url: 'https://ghe.example/acme/policies/pull/1',
        changes: [expect.objectContaining({ oldSeal, newSeal })],
      }),
    );

    expect([...fake.refs.keys()]).toEqual(['heads/main', `heads/${branch}`]);
    const commits = fake.commitsAhead(branch);
    expect(commits).toHaveLength(1);
    const changed = fake.filesChangedBy(commits[0].sha);
    expect(Object.keys(changed)).toEqual([POLICY_FILE]);
    expect(parse(changed[POLICY_FILE]!)).toEqual({
      ...onPort9443,
      metadata: {
        ...onPort9443.metadata,
        annotations: { 'netseal.io/seal': newSeal },
      },
    });

    expect(fake.pulls).toHaveLength(1);
    const [pull] = fake.pulls;
    expect(pull).toEqual(
      expect.objectContaining({
        number: 1,
        head: branch,
        base: 'main',
        state: 'open',
        labels: ['netseal'],
      }),
    );
    expect(pull.body).toContain('checkout moved to 9443');
    expect(pull.body).toContain('user:default/jane');
    expect(pull.body).toContain(oldSeal);
    expect(pull.body).toContain(newSeal);
    expect(pull.body).toContain('cluster `prod-eu`, namespace `shop`');
    expect(pull.body).toMatch(/^-\s+- port: 8443$/m);
    expect(pull.body).toMatch(/^\+\s+- port: 9443$/m);
    for (const sentence of describeNetworkPolicy(onPort9443)) {
      expect(pull.body).toContain(sentence);
    }
    // What a reviewer needs beyond the diff: the access paths and the rollout's steps.
    expect(pull.body).toContain('## Access changes');
    expect(pull.body).toContain(
      '### Cluster `prod-eu`\n\nOpens 1 flow, closes 1 flow.',
    );
    expect(pull.body).toMatch(
      /^- Opens: pods app=checkout in namespace shop → pods app=payments in namespace shop on TCP 9443/m,
    );
    expect(pull.body).toContain('## Rollout plan');
    expect(pull.body).toContain(
      `4. Read shop/allow-checkout back and check its digest against ${newSeal}.`,
    );
    expect(markerOf(pull.body)).toEqual(
      expect.objectContaining({ id, entityRef: PAYMENTS }),
    );
  });

  it("names the requester's GitHub login, and never counts their own approval on GitHub", async () => {
    const { fake, server } = await start();
    const filed = await request(server)
      .post('/api/netseal/requests')
      .set('Authorization', JANE)
      .send(replaceOnPort9443)
      .expect(201);
    expect(fake.pulls[0].body).toContain(
      'filed by `user:default/jane` (@jane-gh) in Netseal.',
    );

    fake.review(1, { login: 'jane-gh', state: 'APPROVED' });
    fake.review(1, { login: 'ana-gh', state: 'APPROVED' });
    const res = await request(server)
      .get(`/api/netseal/requests/${filed.body.id}`)
      .set('Authorization', JANE);

    expect(res.body.approvals).toBe(1);
    expect(res.body.reviews).toEqual([
      expect.objectContaining({ reviewer: 'jane-gh', counted: false }),
      expect.objectContaining({ reviewer: 'ana-gh', counted: true }),
    ]);
  });

  it('answers a retry with the same Idempotency-Key with the same request, and makes no second branch or pull request', async () => {
    const { fake, server } = await start();
    const post = () =>
      request(server)
        .post('/api/netseal/requests')
        .set('Authorization', JANE)
        .set('Idempotency-Key', 'try-1')
        .send(replaceOnPort9443);

    const first = await post();
    const retry = await post();

    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body.url).toBe(first.body.url);
    expect(fake.refs.size).toBe(2);
    expect(fake.commitsAhead(`netseal/request-${first.body.id}`)).toHaveLength(
      1,
    );
    expect(fake.pulls).toHaveLength(1);
  });

  it("marks the request failed and answers 502 naming the credential fix when GitHub refuses the token at the pull request's creation", async () => {
    const { fake, server } = await start();
    fake.fail('createPull', { status: 401, message: 'Bad credentials' });

    const res = await request(server)
      .post('/api/netseal/requests')
      .set('Authorization', JANE)
      .send(replaceOnPort9443);

    const message =
      "GitHub refused the credentials for acme/policies while Netseal was creating the pull request (401 Bad credentials); check integrations.github's token or GitHub App for this host; caused by HttpError: Bad credentials";
    expect(res.status).toBe(502);
    expect(res.body.error.message).toBe(
      `the Git host failed (unauthorized): ${message}`,
    );
    const [stored] = (
      await request(server)
        .get('/api/netseal/requests')
        .set('Authorization', JANE)
    ).body.items;
    expect(stored).toEqual(
      expect.objectContaining({
        state: 'failed',
        providerId: 'github',
        error: { kind: 'unauthorized', message },
      }),
    );
    expect(fake.pulls).toEqual([]);
  });
});
