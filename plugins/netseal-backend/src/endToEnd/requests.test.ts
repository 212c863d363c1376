import { execFileSync } from 'node:child_process';
import {
  BackstageCredentials,
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ChangeProviderError,
  netsealChangeProviderExtensionPoint,
} from '@netseal/backstage-plugin-netseal-node';
import request from 'supertest';
import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import { stringify } from 'yaml';
import {
  createPolicyRepository,
  PAYMENTS,
  PolicyRepository,
  policiesPath,
} from './__testUtils__/endToEnd';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  allowCheckoutOnPort,
  denyingPermission,
  replaceAllowCheckoutOnPort,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

const ANA = mockCredentials.user.header('user:default/ana');

function isAna(credentials: BackstageCredentials): boolean {
  const principal = credentials.principal as { userEntityRef?: string };
  return principal.userEntityRef === 'user:default/ana';
}

describe('replacement requests, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const { start } = usePaymentsBackend();

  const git = (repo: PolicyRepository, ...args: string[]) =>
    execFileSync('git', args, { cwd: repo.root }).toString();
  const branches = (repo: PolicyRepository) =>
    git(repo, 'branch', '--format=%(refname:short)').trim().split('\n');

  it('opens a request as a branch with the resealed manifest in the policy file, and a description with the marker', async () => {
    const { server, repo } = await start();

    const res = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));

    expect(res.status).toBe(201);
    const { id } = res.body;
    expect(res.body).toEqual(
      expect.objectContaining({
        entityRef: PAYMENTS,
        state: 'open',
        requester: 'user:default/mock',
        providerId: 'local',
        branch: `netseal/request-${id}`,
        // A local change has no web page of its own: it is reviewed on the request's.
        url: `http://localhost:3000/catalog/default/component/payments/netseal?request=${id}`,
        portalUrl: `http://localhost:3000/catalog/default/component/payments/netseal?request=${id}`,
        changes: [
          {
            op: 'replace',
            cluster: 'prod-eu',
            namespace: 'shop',
            name: 'allow-checkout',
            file: 'prod-eu/allow-checkout.yaml',
            oldSeal:
              sealed(allowCheckout).metadata.annotations!['netseal.io/seal'],
            newSeal: expect.stringMatching(/^sha256:/),
          },
        ],
      }),
    );
    const file = git(
      repo,
      'show',
      `netseal/request-${id}:payments/prod-eu/allow-checkout.yaml`,
    );
    expect(file).toContain('port: 9443');
    expect(file).toContain(res.body.changes[0].newSeal);
    const message = git(
      repo,
      'log',
      '-1',
      '--format=%B',
      `netseal/request-${id}`,
    );
    expect(message).toContain('checkout moved to 9443');
    expect(message).toContain(`<!-- netseal-request: {"id":"${id}"`);

    const listed = await request(server).get('/api/netseal/requests');
    expect(listed.body.totalCount).toBe(1);
    const detail = await request(server).get(`/api/netseal/requests/${id}`);
    expect(detail.body.transitions).toEqual([
      expect.objectContaining({ to: 'open', actor: 'user:default/mock' }),
    ]);
  });

  it("edits only its policy's document of a file that holds several, keeping the others and their comments", async () => {
    const denyAll: NetworkPolicy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'payments-deny-all', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'payments' } } },
    };
    const other = `# Nothing else reaches payments.\n${stringify(
      sealed(denyAll),
    )}`;
    const { server, repo } = await start({
      repository: createPolicyRepository({
        'payments/prod-eu/allow-checkout.yaml': `# Checkout calls payments.\n${stringify(
          sealed(allowCheckout),
        )}---\n${other}`,
      }),
    });

    const res = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));

    expect(res.status).toBe(201);
    const file = git(
      repo,
      'show',
      `netseal/request-${res.body.id}:payments/prod-eu/allow-checkout.yaml`,
    );
    const [edited, kept] = file.split('\n---\n');
    expect(edited).toContain('port: 9443');
    expect(edited).toContain(res.body.changes[0].newSeal);
    expect(kept).toBe(other);
  });

  it("serves a sealed policy's document as its file holds it now, comments kept, for a request to start from", async () => {
    const document = `# Checkout calls payments.\n${stringify(
      sealed(allowCheckout),
    )}`;
    const { server } = await start({
      repository: createPolicyRepository({
        'payments/prod-eu/allow-checkout.yaml': `${document}---\n${stringify(
          sealed({
            ...allowCheckout,
            metadata: { ...allowCheckout.metadata, name: 'payments-deny-all' },
          }),
        )}`,
      }),
    });

    const res = await request(server).get(
      `${policiesPath}/prod-eu/shop/allow-checkout/source`,
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      file: 'prod-eu/allow-checkout.yaml',
      text: document,
    });

    const missing = await request(server).get(
      `${policiesPath}/prod-eu/shop/no-such-policy/source`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      'component:default/payments has no policy shop/no-such-policy in cluster prod-eu in its policy source',
    );
  });

  it('refuses every kind of bad input with 400 naming the field and the fix, storing and sending nothing', async () => {
    const { server, repo } = await start();
    const change = (overrides: Record<string, unknown>) => ({
      ...replaceAllowCheckoutOnPort(9443),
      changes: [
        { ...replaceAllowCheckoutOnPort(9443).changes[0], ...overrides },
      ],
    });
    const aliasBomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    const cases: Array<[string, object, RegExp]> = [
      [
        'malformed YAML',
        change({ manifest: 'spec: [1, 2' }),
        /^changes\[0\]\.manifest: line 1: not valid YAML/,
      ],
      [
        'a wrong kind',
        change({
          manifest: allowCheckoutOnPort(9443).replace(
            'kind: NetworkPolicy',
            'kind: Service',
          ),
        }),
        /^changes\[0\]\.manifest: kind: must be "NetworkPolicy" \(got "Service"\)/,
      ],
      [
        'a namespace the entity does not target',
        change({ namespace: 'kube-system' }),
        /^changes\[0\]\.namespace: "kube-system" is not a namespace this entity targets; choose one of "shop"/,
      ],
      [
        'a cluster the entity does not target',
        change({ cluster: 'prod-x' }),
        /^changes\[0\]\.cluster: "prod-x" is not a cluster this entity targets; choose one of "prod-eu"/,
      ],
      [
        'a name clash',
        change({ op: 'add' }),
        /^changes\[0\]\.name: a sealed policy "shop\/allow-checkout" in cluster "prod-eu" already exists; replace it instead/,
      ],
      [
        'a change that changes nothing',
        change({ manifest: stringify(sealed(allowCheckout)) }),
        /^changes\[0\]\.manifest: is the same policy as the sealed one .*; edit the policy, or drop the change/,
      ],
      [
        'a YAML alias bomb',
        change({ manifest: aliasBomb }),
        /^changes\[0\]\.manifest: line 1: YAML aliases expand past netseal's limit/,
      ],
      [
        'a path in a name',
        change({ op: 'add', name: '../../.git/config' }),
        /^changes\[0\]\.name: must be a lowercase RFC 1123 subdomain/,
      ],
      [
        'a branch name in a cluster',
        change({ cluster: 'prod-eu..main' }),
        /^changes\[0\]\.cluster: /,
      ],
      [
        'a manifest over its size limit',
        change({
          op: 'add',
          name: 'big',
          manifest: `# ${'x'.repeat(300 * 1024)}`,
        }),
        /^changes\[0\]\.manifest: .*256 KiB/,
      ],
      [
        'a body over the API limit',
        {
          ...replaceAllowCheckoutOnPort(9443),
          changes: Array.from({ length: 5 }, (_, i) => ({
            ...replaceAllowCheckoutOnPort(9443).changes[0],
            op: 'add',
            name: `big-${i}`,
            manifest: `# ${'x'.repeat(250 * 1024)}`,
          })),
        },
        /^the request body is larger than 1 MiB; a request holds at most 64 changes, each changes\[\]\.manifest at most 256 KiB, so split it into smaller requests$/,
      ],
    ];

    for (const [what, body, message] of cases) {
      const res = await request(server)
        .post('/api/netseal/requests')
        .send(body);
      expect({ what, status: res.status }).toEqual({ what, status: 400 });
      expect({ what, message: res.body.error.message }).toEqual({
        what,
        message: expect.stringMatching(message),
      });
    }
    expect(
      (await request(server).get('/api/netseal/requests')).body.totalCount,
    ).toBe(0);
    expect(branches(repo)).toEqual(['main']);
  });

  it('refuses bad input with 400 naming the field, and stores and sends nothing', async () => {
    const { server, repo } = await start();

    const badPort = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(70000));
    const emptyReason = await request(server)
      .post('/api/netseal/requests')
      .send({ ...replaceAllowCheckoutOnPort(9443), reason: '   ' });
    const longReason = await request(server)
      .post('/api/netseal/requests')
      .send({ ...replaceAllowCheckoutOnPort(9443), reason: 'x'.repeat(2001) });

    expect(badPort.status).toBe(400);
    expect(badPort.body.error.message).toMatch(
      /changes\[0\]\.manifest: spec\.ingress\[0\]\.ports\[0\]\.port/,
    );
    expect(emptyReason.status).toBe(400);
    expect(emptyReason.body.error.message).toMatch(/^reason is empty/);
    expect(longReason.status).toBe(400);
    expect(longReason.body.error.message).toMatch(/reason/);
    expect(
      (await request(server).get('/api/netseal/requests')).body.totalCount,
    ).toBe(0);
    expect(branches(repo)).toEqual(['main']);
  });

  it('answers a second request for a policy with an open request 409, naming that request', async () => {
    const { server } = await start();
    const first = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));

    const second = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9444));

    expect(second.status).toBe(409);
    expect(second.body.error.message).toContain(
      `already has open request ${first.body.id}`,
    );
    expect(second.body.error.message).toContain(first.body.url);
  });

  it('answers a retry with the same Idempotency-Key with the same request and no second branch', async () => {
    const { server, repo } = await start();
    const post = () =>
      request(server)
        .post('/api/netseal/requests')
        .set('Idempotency-Key', 'try-1')
        .send(replaceAllowCheckoutOnPort(9443));

    const first = await post();
    const retry = await post();

    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.id).toBe(first.body.id);
    expect(branches(repo)).toEqual([
      'main',
      `netseal/request-${first.body.id}`,
    ]);
  });

  it("refuses the requester's own approval with words, and merges only with another reviewer's, each move named by its person", async () => {
    const { server, repo } = await start();
    const { id } = (
      await request(server)
        .post('/api/netseal/requests')
        .send(replaceAllowCheckoutOnPort(9443))
    ).body;

    const own = await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .send({ decision: 'approve' });
    expect(own.status).toBe(409);
    expect(own.body.error.message).toBe(
      `you filed request ${id}, and a requester cannot approve their own request (nor on GitHub); another reviewer approves it, or you close it`,
    );
    const unreviewed = await request(server).get(`/api/netseal/requests/${id}`);
    expect(unreviewed.body).toEqual(
      expect.objectContaining({ reviews: [], approvals: 0, state: 'open' }),
    );
    const early = await request(server).post(
      `/api/netseal/requests/${id}/merge`,
    );
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('has 0 of the 1 approvals');

    const byAna = await request(server)
      .post(`/api/netseal/requests/${id}/reviews`)
      .set('Authorization', ANA)
      .send({ decision: 'approve' });
    expect(byAna.body).toEqual(
      expect.objectContaining({ state: 'approved', approvals: 1 }),
    );
    const merged = await request(server).post(
      `/api/netseal/requests/${id}/merge`,
    );

    expect(merged.status).toBe(200);
    expect(merged.body.state).toBe('merged');
    expect(
      merged.body.transitions.map((t: { to: string; actor: string }) => [
        t.to,
        t.actor,
      ]),
    ).toEqual([
      ['open', 'user:default/mock'],
      ['approved', 'user:default/ana'],
      ['merged', 'user:default/mock'],
    ]);
    expect(merged.body.transitions[1].reason).toBe(
      'approved in the portal; 1 of 1 approvals count',
    );
    expect(
      git(repo, 'show', 'main:payments/prod-eu/allow-checkout.yaml'),
    ).toContain('port: 9443');
  });

  it('refuses a request to a caller without netseal.request.create, storing nothing', async () => {
    const { server } = await start({
      features: [denyingPermission('netseal.request.create')],
    });

    const res = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));

    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('netseal.request.create');
    expect(
      (await request(server).get('/api/netseal/requests')).body.totalCount,
    ).toBe(0);
  });

  it('shows requests only to callers who may read the entity', async () => {
    const { server } = await start({
      features: [
        mockServices.permissions.mock({
          authorize: async (requests, options) =>
            requests.map(() => ({
              result: isAna(options.credentials)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            })),
        }).factory,
      ],
    });
    const { id } = (
      await request(server)
        .post('/api/netseal/requests')
        .send(replaceAllowCheckoutOnPort(9443))
    ).body;

    const list = await request(server)
      .get('/api/netseal/requests')
      .set('Authorization', ANA);
    const one = await request(server)
      .get(`/api/netseal/requests/${id}`)
      .set('Authorization', ANA);

    expect(list.body).toEqual({ items: [], totalCount: 0 });
    expect(one.status).toBe(403);
    expect(one.body.error.message).toContain('netseal.policy.read');
  });

  it("asks a module's change provider first, and marks the request failed with the host's error, answering 503", async () => {
    const { server } = await start({
      features: [
        createBackendModule({
          pluginId: 'netseal',
          moduleId: 'down-host',
          register(env) {
            env.registerInit({
              deps: {
                changes: netsealChangeProviderExtensionPoint,
                logger: coreServices.logger,
              },
              async init({ changes }) {
                changes.addChangeProvider({
                  id: 'down-host',
                  supports: () => true,
                  openChange: async () => {
                    throw new ChangeProviderError(
                      'unavailable',
                      'the host answered 503 Service Unavailable',
                    );
                  },
                  getChange: async () => {
                    throw new ChangeProviderError('unavailable', 'down');
                  },
                  getMergedChange: async () => {
                    throw new ChangeProviderError('unavailable', 'down');
                  },
                  commentOnChange: async () => {
                    throw new ChangeProviderError('unavailable', 'down');
                  },
                });
              },
            });
          },
        }),
      ],
    });

    const res = await request(server)
      .post('/api/netseal/requests')
      .send(replaceAllowCheckoutOnPort(9443));

    expect(res.status).toBe(503);
    expect(res.body.error.message).toContain(
      'the host answered 503 Service Unavailable',
    );
    const [stored] = (await request(server).get('/api/netseal/requests')).body
      .items;
    expect(stored).toEqual(
      expect.objectContaining({
        state: 'failed',
        providerId: 'down-host',
        error: {
          kind: 'unavailable',
          message: 'the host answered 503 Service Unavailable',
        },
      }),
    );
  });
});
