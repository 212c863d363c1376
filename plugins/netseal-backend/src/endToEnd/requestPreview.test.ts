import { execFileSync } from 'node:child_process';
import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';
import request from 'supertest';
import { stringify } from 'yaml';
import {
  createPolicyRepository,
  PAYMENTS,
  PolicyRepository,
} from './__testUtils__/endToEnd';
import { allowCheckout, sealed } from '../__fixtures__/sealedPolicies';
import {
  denyingPermission,
  usePaymentsBackend,
} from './__testUtils__/usePaymentsBackend';

/** Namespace checkout, with one pod, next to the payments pod of namespace shop. */
const checkoutNamespace = [
  {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'checkout', labels: { team: 'checkout' } },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'checkout-0',
      namespace: 'checkout',
      labels: { app: 'checkout' },
    },
    spec: { containers: [{ name: 'checkout', image: 'checkout:1' }] },
    status: { phase: 'Running', podIP: '10.0.1.5' },
  },
];

/** allow-checkout letting every pod of namespace checkout reach payments. */
const fromCheckoutNamespace: NetworkPolicy = {
  ...allowCheckout,
  spec: {
    ...allowCheckout.spec,
    ingress: [
      {
        from: [{ namespaceSelector: { matchLabels: { team: 'checkout' } } }],
        ports: [{ port: 8443 }],
      },
    ],
  },
};

/** A policy of namespace shop for pods that are not the entity's. */
const forWeb: NetworkPolicy = {
  ...allowCheckout,
  metadata: { ...allowCheckout.metadata, name: 'allow-web' },
  spec: { ...allowCheckout.spec, podSelector: { matchLabels: { app: 'web' } } },
};

const replaceAllowCheckout = (manifest: string) => ({
  op: 'replace',
  cluster: 'prod-eu',
  namespace: 'shop',
  name: 'allow-checkout',
  manifest,
});

const opensCheckout = expect.stringMatching(
  /^Opens: all pods in namespace checkout → all pods in namespace shop on TCP 8443 \(1 flow; allowed by shop\/allow-checkout/,
);

describe('request preview, through the API', () => {
  // Bounds for a loaded CI machine, not expectations of speed.
  jest.setTimeout(90_000);

  const { start } = usePaymentsBackend({ clusterExtra: checkoutNamespace });

  const branches = (repo: PolicyRepository) =>
    execFileSync('git', ['branch', '--format=%(refname:short)'], {
      cwd: repo.root,
    })
      .toString()
      .trim()
      .split('\n');

  it('shows each change resealed and diffed, whether it is the service’s, and the flows it opens, storing and sending nothing', async () => {
    const { server, repo } = await start();

    const res = await request(server)
      .post('/api/netseal/requests/preview')
      .send({
        entityRef: PAYMENTS,
        changes: [
          replaceAllowCheckout(stringify(fromCheckoutNamespace)),
          {
            op: 'add',
            cluster: 'prod-eu',
            namespace: 'shop',
            name: 'allow-web',
            manifest: stringify(forWeb),
          },
        ],
      });

    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({ ok: true, providerId: 'local' }),
    );
    const [replaced, added] = res.body.changes;
    expect(replaced).toEqual(
      expect.objectContaining({
        op: 'replace',
        file: 'prod-eu/allow-checkout.yaml',
        oldSeal: sealed(allowCheckout).metadata.annotations!['netseal.io/seal'],
        newSeal: expect.stringMatching(/^sha256:/),
        selectsService: true,
      }),
    );
    expect(replaced.oldText).toContain('app: checkout');
    expect(replaced.newText).toContain(replaced.newSeal);
    expect(replaced.diff).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^-.*app: checkout/),
        expect.stringMatching(/^\+.*team: checkout/),
      ]),
    );
    expect(replaced.summary.join(' ')).toContain('checkout');
    expect(added).toEqual(
      expect.objectContaining({
        op: 'add',
        file: 'prod-eu/allow-web.yaml',
        selectsService: false,
      }),
    );
    expect(res.body.accessChanges).toEqual([
      {
        cluster: 'prod-eu',
        openedFlows: 1,
        closedFlows: 0,
        changes: [
          expect.objectContaining({
            change: 'opened',
            protocol: 'TCP',
            port: 8443,
            text: opensCheckout,
          }),
        ],
      },
    ]);

    expect(
      (await request(server).get('/api/netseal/requests')).body.totalCount,
    ).toBe(0);
    expect(branches(repo)).toEqual(['main']);
  });

  it('answers bad YAML with ok false and the field, so a form can show it', async () => {
    const { server } = await start();

    const res = await request(server)
      .post('/api/netseal/requests/preview')
      .send({
        entityRef: PAYMENTS,
        changes: [replaceAllowCheckout('kind: [NetworkPolicy\n')],
      });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      ok: false,
      problems: [
        {
          field: 'changes[0].manifest',
          message: expect.stringMatching(/not valid YAML/),
        },
      ],
    });
  });

  it('refuses a caller without netseal.request.create', async () => {
    const { server } = await start({
      features: [denyingPermission('netseal.request.create')],
    });

    const res = await request(server)
      .post('/api/netseal/requests/preview')
      .send({
        entityRef: PAYMENTS,
        changes: [replaceAllowCheckout(stringify(fromCheckoutNamespace))],
      });

    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('netseal.request.create');
  });

  it('names a policy source that no change provider supports as a problem of entityRef', async () => {
    const repository = createPolicyRepository({
      'payments/prod-eu/allow-checkout.yaml': sealed(allowCheckout),
    });
    const { server } = await start(
      {
        repository,
        config: { localGitReader: { allow: [`${repository.root}-elsewhere`] } },
      },
      { waitForSync: false },
    );

    const res = await request(server)
      .post('/api/netseal/requests/preview')
      .send({
        entityRef: PAYMENTS,
        changes: [replaceAllowCheckout(stringify(fromCheckoutNamespace))],
      });

    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.problems).toContainEqual({
      field: 'entityRef',
      message: expect.stringMatching(
        /^no change provider supports the policy source file:.* of component:default\/payments; install a Netseal module for its Git host or allow it in netseal.localGitReader.allow/,
      ),
    });
  });

  it('writes the same access changes into the pull request of the filed request', async () => {
    const { server, repo } = await start();

    const res = await request(server)
      .post('/api/netseal/requests')
      .send({
        entityRef: PAYMENTS,
        reason: 'checkout runs in its own namespace now',
        changes: [replaceAllowCheckout(stringify(fromCheckoutNamespace))],
      });

    expect(res.status).toBe(201);
    const message = execFileSync(
      'git',
      ['log', '-1', '--format=%B', `netseal/request-${res.body.id}`],
      { cwd: repo.root },
    ).toString();
    const section = message.slice(message.indexOf('## Access changes'));
    expect(section).toMatch(
      /^## Access changes\n\n.*\n\n### Cluster `prod-eu`\n\nOpens 1 flow, closes 0 flows\.\n\n- Opens: all pods in namespace checkout → all pods in namespace shop on TCP 8443/,
    );
  });
});
