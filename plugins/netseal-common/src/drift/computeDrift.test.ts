import { SEAL_ANNOTATION, SEALED_LABEL } from '../constants';
import { computeSeal } from '../seal/computeSeal';
import type { NetworkPolicy } from '../types';
import { computeDrift } from './computeDrift';
import type {
  ClusterConnection,
  ClusterDriftInput,
  PolicySourceManifest,
} from './ServiceDriftInput';
import {
  allowCheckout,
  asLive,
  denyAll,
  manifestAt,
  paymentsPods,
  paymentsServicePods,
  sealed,
} from './__fixtures__/paymentsService';

const connected: ClusterConnection = { state: 'connected' };

function prodEu(overrides: Partial<ClusterDriftInput> = {}): ClusterDriftInput {
  return {
    cluster: 'prod-eu',
    connection: connected,
    manifests: [
      manifestAt('prod-eu/payments/allow-checkout.yaml', 1, allowCheckout),
      manifestAt('prod-eu/payments/deny-all.yaml', 1, denyAll),
    ],
    livePolicies: [asLive(allowCheckout), asLive(denyAll)],
    livePods: paymentsPods,
    ...overrides,
  };
}

function driftOf(cluster: ClusterDriftInput) {
  return computeDrift({
    servicePods: paymentsServicePods,
    clusters: [cluster],
  });
}

function edited(
  policy: NetworkPolicy,
  change: (copy: NetworkPolicy) => void,
): NetworkPolicy {
  const copy = structuredClone(policy);
  change(copy);
  return copy;
}

const allowCheckoutSeal = computeSeal(allowCheckout);

describe('computeDrift', () => {
  it('reports a live object equal to its manifest, as the API server returns it, in sync', () => {
    expect(driftOf(prodEu())).toEqual([
      {
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'allow-checkout',
        status: 'in-sync',
        seal: allowCheckoutSeal,
        liveDigest: allowCheckoutSeal,
        source: { file: 'prod-eu/payments/allow-checkout.yaml', line: 1 },
        differences: [],
      },
      expect.objectContaining({ name: 'deny-all', status: 'in-sync' }),
    ]);
  });

  it('reports a sealed policy absent from the cluster as missing', () => {
    const [drift] = driftOf(prodEu({ livePolicies: [asLive(denyAll)] }));
    expect(drift).toEqual({
      cluster: 'prod-eu',
      namespace: 'payments',
      name: 'allow-checkout',
      status: 'missing',
      reason: 'sealed in the policy source but absent from cluster prod-eu',
      seal: allowCheckoutSeal,
      source: { file: 'prod-eu/payments/allow-checkout.yaml', line: 1 },
      differences: [],
    });
  });

  it('reports a port added live as drifted, naming the field and both digests', () => {
    const live = edited(asLive(allowCheckout), policy => {
      policy.spec.ingress![0].ports!.push({ protocol: 'TCP', port: 9090 });
    });
    const [drift] = driftOf(prodEu({ livePolicies: [live, asLive(denyAll)] }));
    expect(drift).toMatchObject({
      name: 'allow-checkout',
      status: 'drifted',
      reason:
        'the live object differs from its seal at spec.ingress[0].ports[1]',
      seal: allowCheckoutSeal,
      liveDigest: computeSeal(live),
      differences: [
        {
          path: 'spec.ingress[0].ports[1]',
          live: { protocol: 'TCP', port: 9090 },
        },
      ],
    });
    expect(drift.liveDigest).not.toBe(drift.seal);
  });

  it('reports drift when only the digests differ, without naming a field', () => {
    const drifts = driftOf(
      prodEu({
        digestOf: policy =>
          policy.metadata.uid ? 'sha256:live' : computeSeal(policy),
      }),
    );
    expect(drifts[0]).toMatchObject({
      name: 'allow-checkout',
      status: 'drifted',
      reason: 'the live object differs from its seal',
      liveDigest: 'sha256:live',
      differences: [],
    });
  });

  it('names the first differing field and counts the others', () => {
    const live = edited(asLive(allowCheckout), policy => {
      policy.spec.ingress![0].ports!.push(
        { protocol: 'TCP', port: 9090 },
        { protocol: 'UDP', port: 53 },
      );
    });
    const [drift] = driftOf(prodEu({ livePolicies: [live, asLive(denyAll)] }));
    expect(drift.reason).toBe(
      'the live object differs from its seal at spec.ingress[0].ports[1] and 1 more',
    );
    expect(drift.differences).toHaveLength(2);
  });

  it('reports a label added live as drift (rule 4)', () => {
    const live = edited(asLive(denyAll), policy => {
      policy.metadata.labels!.owner = 'someone';
    });
    const drifts = driftOf(
      prodEu({ livePolicies: [asLive(allowCheckout), live] }),
    );
    expect(drifts[1]).toMatchObject({
      name: 'deny-all',
      status: 'drifted',
      differences: [{ path: 'metadata.labels["owner"]', live: 'someone' }],
    });
  });

  it('reports a live object that lost the sealed label as drifted', () => {
    const live = edited(asLive(denyAll), policy => {
      delete policy.metadata.labels![SEALED_LABEL];
    });
    const drifts = driftOf(
      prodEu({ livePolicies: [asLive(allowCheckout), live] }),
    );
    expect(drifts[1]).toMatchObject({
      status: 'drifted',
      differences: [
        { path: `metadata.labels["${SEALED_LABEL}"]`, sealed: 'true' },
      ],
    });
  });

  it('reports a manifest that is not a valid NetworkPolicy as unsealed, with its problems and place', () => {
    const invalid: PolicySourceManifest = {
      kind: 'invalid',
      file: 'prod-eu/payments/allow-metrics.yaml',
      line: 12,
      namespace: 'payments',
      name: 'allow-metrics',
      reason:
        'not a valid NetworkPolicy: spec.ingress[0].ports[0].port is out of range',
      problems: [
        {
          path: 'spec.ingress[0].ports[0].port',
          message: 'must be between 1 and 65535 (got 70000)',
        },
      ],
    };
    const drifts = driftOf(
      prodEu({ manifests: [...prodEu().manifests, invalid] }),
    );
    // Strictly: a verdict without a live object has no liveDigest key at all.
    expect(drifts.find(d => d.name === 'allow-metrics')).toStrictEqual({
      cluster: 'prod-eu',
      namespace: 'payments',
      name: 'allow-metrics',
      status: 'unsealed',
      reason: invalid.reason,
      source: { file: 'prod-eu/payments/allow-metrics.yaml', line: 12 },
      differences: [],
      problems: invalid.problems,
    });
  });

  it('names an unreadable manifest by its place in the policy source', () => {
    const unreadable: PolicySourceManifest = {
      kind: 'invalid',
      file: 'prod-eu/payments/broken.yaml',
      line: 3,
      reason: 'not YAML: bad indentation of a mapping entry at line 3',
      problems: [{ path: '', message: 'bad indentation of a mapping entry' }],
    };
    const drifts = driftOf(prodEu({ manifests: [unreadable] }));
    expect(drifts[0]).toMatchObject({
      namespace: '',
      name: 'prod-eu/payments/broken.yaml:3',
      status: 'unsealed',
    });
  });

  it('reports a manifest without a seal as unsealed', () => {
    const unsealedManifest = edited(allowCheckout, policy => {
      delete policy.metadata.annotations![SEAL_ANNOTATION];
    });
    const [drift] = driftOf(
      prodEu({ manifests: [manifestAt('a.yaml', 1, unsealedManifest)] }),
    );
    expect(drift).toMatchObject({
      status: 'unsealed',
      reason: expect.stringContaining(
        'has no seal (annotation netseal.io/seal)',
      ),
      liveDigest: allowCheckoutSeal,
    });
    expect(drift.seal).toBeUndefined();
  });

  it('reads an empty seal annotation as no seal', () => {
    const emptySeal = edited(allowCheckout, policy => {
      policy.metadata.annotations![SEAL_ANNOTATION] = '';
    });
    const [drift] = driftOf(
      prodEu({ manifests: [manifestAt('a.yaml', 1, emptySeal)] }),
    );
    expect(drift.reason).toMatch(
      /^has no seal \(annotation netseal.io\/seal\)/,
    );
    expect(drift.seal).toBeUndefined();
  });

  it('reports a manifest without any annotation as unsealed', () => {
    const bare = edited(allowCheckout, policy => {
      delete policy.metadata.annotations;
    });
    const [drift] = driftOf(
      prodEu({ manifests: [manifestAt('a.yaml', 1, bare)] }),
    );
    expect(drift).toMatchObject({
      status: 'unsealed',
      reason: expect.stringMatching(
        /^has no seal \(annotation netseal.io\/seal\)/,
      ),
    });
  });

  it('reports a manifest edited after sealing as unsealed, with the stale seal', () => {
    const editedInGit = edited(allowCheckout, policy => {
      policy.spec.ingress![0].ports = [{ port: 8081 }];
    });
    const [drift] = driftOf(
      prodEu({ manifests: [manifestAt('a.yaml', 7, editedInGit)] }),
    );
    expect(drift).toMatchObject({
      status: 'unsealed',
      seal: allowCheckoutSeal,
      source: { file: 'a.yaml', line: 7 },
      differences: [],
      reason: expect.stringContaining(
        `its seal does not match its content (recorded ${allowCheckoutSeal}, the content seals to ${computeSeal(
          editedInGit,
        )})`,
      ),
    });
  });

  it('checks the seal the caller read from Git rather than trusting it', () => {
    const manifest = {
      ...manifestAt('a.yaml', 1, allowCheckout),
      seal: 'sha256:00',
    };
    const [drift] = driftOf(prodEu({ manifests: [manifest] }));
    expect(drift).toMatchObject({ status: 'unsealed', seal: 'sha256:00' });
  });

  it('reports two manifests of one policy as unsealed, naming both places', () => {
    const drifts = driftOf(
      prodEu({
        manifests: [
          manifestAt('a.yaml', 1, denyAll),
          manifestAt('b.yaml', 4, denyAll),
        ],
        livePolicies: [asLive(denyAll)],
      }),
    );
    expect(drifts).toHaveLength(1);
    expect(drifts[0]).toMatchObject({
      name: 'deny-all',
      status: 'unsealed',
      reason:
        'defined 2 times in the policy source (a.yaml:1, b.yaml:4); keep one manifest per policy',
      differences: [],
    });
  });

  describe('live policies that the policy source does not hold', () => {
    const stray = asLive({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'hotfix-allow-all', namespace: 'payments' },
      spec: {
        podSelector: { matchLabels: { app: 'payments-worker' } },
        ingress: [{}],
      },
    });
    const ledgerOnly = edited(stray, policy => {
      policy.metadata.name = 'ledger-only';
      policy.spec.podSelector = { matchLabels: { app: 'ledger' } };
    });
    const elsewhere = edited(stray, policy => {
      policy.metadata.namespace = 'shop';
      policy.spec.podSelector = {};
    });

    it('reports one that selects the service’s pods as unsealed', () => {
      const drifts = driftOf(
        prodEu({ livePolicies: [...prodEu().livePolicies, stray] }),
      );
      expect(drifts.find(d => d.name === 'hotfix-allow-all')).toEqual({
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'hotfix-allow-all',
        status: 'unsealed',
        reason: 'exists only in cluster prod-eu, not in the policy source',
        liveDigest: computeSeal(stray),
        differences: [],
      });
    });

    it('leaves out one that selects only other services’ pods, or sits in a namespace without the service’s pods', () => {
      const drifts = driftOf(
        prodEu({
          livePolicies: [...prodEu().livePolicies, ledgerOnly, elsewhere],
        }),
      );
      expect(drifts.map(d => d.name)).toEqual(['allow-checkout', 'deny-all']);
    });

    it('leaves out one that another entity’s policy source holds', () => {
      const drifts = driftOf(
        prodEu({
          livePolicies: [...prodEu().livePolicies, stray],
          isInAnotherPolicySource: (namespace, name) =>
            namespace === 'payments' && name === 'hotfix-allow-all',
        }),
      );
      expect(drifts.map(d => d.name)).toEqual(['allow-checkout', 'deny-all']);
    });

    it('does not look for them when the service’s pods are unknown', () => {
      const drifts = computeDrift({
        clusters: [prodEu({ livePolicies: [...prodEu().livePolicies, stray] })],
      });
      expect(drifts.map(d => d.name)).toEqual(['allow-checkout', 'deny-all']);
    });

    it('reads one without a spec as the API server defaults it: selecting every pod of its namespace', () => {
      const withoutSpec = JSON.parse(
        '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",' +
          '"metadata":{"name":"no-spec","namespace":"payments"}}',
      );
      const drifts = driftOf(
        prodEu({ livePolicies: [...prodEu().livePolicies, withoutSpec] }),
      );
      expect(drifts.find(d => d.name === 'no-spec')?.status).toBe('unsealed');
    });

    it('leaves out one whose pod selector cannot be read, since it selects nothing', () => {
      const unreadable = edited(stray, policy => {
        policy.spec.podSelector = {
          matchExpressions: [{ key: 'app', operator: 'In' }],
        };
      });
      const drifts = driftOf(
        prodEu({ livePolicies: [...prodEu().livePolicies, unreadable] }),
      );
      expect(drifts.map(d => d.name)).toEqual(['allow-checkout', 'deny-all']);
    });

    it('ignores live entries it cannot identify, rather than failing', () => {
      const unidentified = JSON.parse('[null, {}, {"metadata":null}]');
      const drifts = driftOf(
        prodEu({ livePolicies: [...prodEu().livePolicies, ...unidentified] }),
      );
      expect(drifts.map(d => [d.name, d.status])).toEqual([
        ['allow-checkout', 'in-sync'],
        ['deny-all', 'in-sync'],
      ]);
    });

    it('reports one in the namespace the entity names as unsealed', () => {
      const drifts = computeDrift({
        servicePods: { ...paymentsServicePods, namespace: 'payments' },
        clusters: [prodEu({ livePolicies: [...prodEu().livePolicies, stray] })],
      });
      expect(drifts.map(d => [d.name, d.status])).toEqual([
        ['allow-checkout', 'in-sync'],
        ['deny-all', 'in-sync'],
        ['hotfix-allow-all', 'unsealed'],
      ]);
    });

    it('looks only in the namespace the entity names', () => {
      const drifts = computeDrift({
        servicePods: { ...paymentsServicePods, namespace: 'payments-staging' },
        clusters: [prodEu({ livePolicies: [...prodEu().livePolicies, stray] })],
      });
      expect(drifts.map(d => d.name)).toEqual(['allow-checkout', 'deny-all']);
    });
  });

  describe('a cluster that cannot be read', () => {
    it('reports every sealed policy of it as unknown, with the cluster and the reason', () => {
      const drifts = driftOf(
        prodEu({
          connection: {
            state: 'unreachable',
            reason: 'connect ECONNREFUSED',
          },
        }),
      );
      expect(drifts).toEqual([
        {
          cluster: 'prod-eu',
          namespace: 'payments',
          name: 'allow-checkout',
          status: 'unknown',
          reason: 'cluster prod-eu unreachable: connect ECONNREFUSED',
          seal: allowCheckoutSeal,
          source: { file: 'prod-eu/payments/allow-checkout.yaml', line: 1 },
          differences: [],
        },
        expect.objectContaining({ name: 'deny-all', status: 'unknown' }),
      ]);
    });

    it('says "cluster X unreachable" once when the reason already says it', () => {
      const [first] = driftOf(
        prodEu({
          connection: {
            state: 'unreachable',
            reason:
              'cluster prod-eu unreachable: connect ECONNREFUSED 10.0.0.1:6443',
          },
        }),
      );
      expect(first.reason).toBe(
        'cluster prod-eu unreachable: connect ECONNREFUSED 10.0.0.1:6443',
      );
    });

    it.each([
      [
        'unauthorized',
        'cluster prod-eu rejected the credentials (unauthorized): 401 Unauthorized',
      ],
      [
        'forbidden',
        'cluster prod-eu forbids reading (forbidden): networkpolicies is forbidden',
      ],
    ] as const)('says so when it is %s', (state, reason) => {
      const detail = {
        unauthorized: '401 Unauthorized',
        forbidden: 'networkpolicies is forbidden',
      }[state];
      const drifts = driftOf(prodEu({ connection: { state, reason: detail } }));
      expect(drifts.map(d => [d.status, d.reason])).toEqual([
        ['unknown', reason],
        ['unknown', reason],
      ]);
    });

    it('says the first list has not finished while it is connecting', () => {
      const reason =
        'cluster prod-eu not read yet (connecting): its first list has not finished yet';
      const drifts = driftOf(prodEu({ connection: { state: 'connecting' } }));
      expect(drifts.map(d => [d.status, d.reason])).toEqual([
        ['unknown', reason],
        ['unknown', reason],
      ]);
    });

    it('still reports a manifest that is broken in Git as unsealed', () => {
      const editedInGit = edited(denyAll, policy => {
        policy.metadata.labels!.tier = 'x';
      });
      const drifts = driftOf(
        prodEu({
          connection: { state: 'unreachable', reason: 'timeout' },
          manifests: [manifestAt('a.yaml', 1, editedInGit)],
        }),
      );
      expect(drifts.map(d => d.status)).toEqual(['unsealed']);
      // The live objects given are not read: they may be stale.
      expect(drifts[0].liveDigest).toBeUndefined();
    });

    it('reports nothing as only live: nothing live is known', () => {
      const drifts = driftOf(
        prodEu({
          connection: { state: 'forbidden', reason: 'RBAC' },
          manifests: [],
        }),
      );
      expect(drifts).toEqual([]);
    });
  });

  describe('pending rollouts', () => {
    const pending = [
      {
        namespace: 'payments',
        name: 'allow-checkout',
        reason: 'replacement request #42 is rolling out',
      },
    ];

    it('reports a policy whose replacement is rolling out as pending, even while it is absent', () => {
      const [drift] = driftOf(
        prodEu({ pending, livePolicies: [asLive(denyAll)] }),
      );
      expect(drift).toEqual({
        cluster: 'prod-eu',
        namespace: 'payments',
        name: 'allow-checkout',
        status: 'pending',
        reason: 'replacement request #42 is rolling out',
        seal: allowCheckoutSeal,
        source: { file: 'prod-eu/payments/allow-checkout.yaml', line: 1 },
        differences: [],
      });
    });

    it('reports a live policy being removed by a rollout as pending rather than unsealed', () => {
      const drifts = driftOf(
        prodEu({
          pending,
          manifests: [manifestAt('deny-all.yaml', 1, denyAll)],
        }),
      );
      expect(drifts.map(d => [d.name, d.status])).toEqual([
        ['allow-checkout', 'pending'],
        ['deny-all', 'in-sync'],
      ]);
    });

    it('reports unknown rather than pending when the cluster cannot be read', () => {
      const [drift] = driftOf(
        prodEu({
          pending,
          connection: { state: 'unreachable', reason: 'timeout' },
        }),
      );
      expect(drift.status).toBe('unknown');
    });

    describe('with the effect the rollout leaves live', () => {
      const replaced = sealed(
        edited(allowCheckout, copy => {
          copy.spec.ingress![0].ports = [{ port: 9443 }];
        }),
      );
      const replacedSeal = computeSeal(replaced);
      const newSeal = { seal: replacedSeal };
      const merged =
        'replacement request r1 is merged; its rollout has not run yet';
      const withOnlyDenyAll = [manifestAt('deny-all.yaml', 1, denyAll)];

      it.each([
        {
          when: 'the replaced object is still live, the source holding the old seal',
          expected: newSeal,
          manifests: undefined,
          livePolicies: [asLive(allowCheckout), asLive(denyAll)],
          status: 'pending',
        },
        {
          when: 'the replaced object is still live, the source holding the new seal',
          expected: newSeal,
          manifests: [
            manifestAt('allow-checkout.yaml', 1, replaced),
            manifestAt('deny-all.yaml', 1, denyAll),
          ],
          livePolicies: [asLive(allowCheckout), asLive(denyAll)],
          status: 'pending',
        },
        {
          when: 'an added object is not live yet',
          expected: newSeal,
          manifests: [
            manifestAt('allow-checkout.yaml', 1, replaced),
            manifestAt('deny-all.yaml', 1, denyAll),
          ],
          livePolicies: [asLive(denyAll)],
          status: 'pending',
        },
        {
          when: 'the new object is live',
          expected: newSeal,
          manifests: [
            manifestAt('allow-checkout.yaml', 1, replaced),
            manifestAt('deny-all.yaml', 1, denyAll),
          ],
          livePolicies: [asLive(replaced), asLive(denyAll)],
          status: 'in-sync',
        },
        {
          when: 'the new object is live but the source still holds the old seal',
          expected: newSeal,
          manifests: undefined,
          livePolicies: [asLive(replaced), asLive(denyAll)],
          status: 'drifted',
        },
        {
          when: 'a removed policy is still live',
          expected: 'absent' as const,
          manifests: withOnlyDenyAll,
          livePolicies: [asLive(allowCheckout), asLive(denyAll)],
          status: 'pending',
        },
        {
          when: 'a removed policy is still in the source and live',
          expected: 'absent' as const,
          manifests: undefined,
          livePolicies: [asLive(allowCheckout), asLive(denyAll)],
          status: 'pending',
        },
        {
          when: 'a removed policy is still in the source but gone from the cluster',
          expected: 'absent' as const,
          manifests: undefined,
          livePolicies: [asLive(denyAll)],
          status: 'missing',
        },
      ])(
        'reports allow-checkout $status when $when',
        ({ expected, manifests, livePolicies, status }) => {
          const drifts = driftOf(
            prodEu({
              pending: [
                {
                  namespace: 'payments',
                  name: 'allow-checkout',
                  reason: merged,
                  expected,
                },
              ],
              livePolicies,
              ...(manifests ? { manifests } : {}),
            }),
          );
          const drift = drifts.find(d => d.name === 'allow-checkout');
          expect(drift?.status).toBe(status);
          expect(drift?.reason === merged).toBe(status === 'pending');
          expect(drifts.find(d => d.name === 'deny-all')?.status).toBe(
            'in-sync',
          );
        },
      );

      it('still reports a live policy the source does not hold as unsealed when the pending removal is of another policy', () => {
        const drifts = driftOf(
          prodEu({
            pending: [
              {
                namespace: 'payments',
                name: 'another',
                reason: merged,
                expected: 'absent',
              },
            ],
            manifests: withOnlyDenyAll,
          }),
        );
        expect(drifts.map(d => [d.name, d.status])).toEqual([
          ['allow-checkout', 'unsealed'],
          ['deny-all', 'in-sync'],
        ]);
      });
    });
  });

  it('reports each cluster separately, in the order given', () => {
    const drifts = computeDrift({
      servicePods: paymentsServicePods,
      clusters: [
        prodEu(),
        {
          ...prodEu(),
          cluster: 'prod-us',
          manifests: [manifestAt('prod-us/payments/deny-all.yaml', 1, denyAll)],
          livePolicies: [],
        },
      ],
    });
    expect(drifts.map(d => [d.cluster, d.name, d.status])).toEqual([
      ['prod-eu', 'allow-checkout', 'in-sync'],
      ['prod-eu', 'deny-all', 'in-sync'],
      ['prod-us', 'deny-all', 'missing'],
    ]);
  });

  it('rejects a cluster listed twice, naming it', () => {
    expect(() => computeDrift({ clusters: [prodEu(), prodEu()] })).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining('cluster "prod-eu" is listed twice'),
      }),
    );
  });

  it('rejects a service pod selector that cannot select anything, naming the field', () => {
    expect(() =>
      computeDrift({
        servicePods: {
          selector: { matchExpressions: [{ key: 'app', operator: 'In' }] },
        },
        clusters: [],
      }),
    ).toThrow(
      'servicePods.selector.matchExpressions[0].values must list at least one value for operator In',
    );
  });
});
