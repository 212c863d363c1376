import fc from 'fast-check';
import {
  computeDrift,
  computeSeal,
  LabelSelector,
  LivePod,
  NetworkPolicy,
  PolicySourceManifest,
  SEAL_ANNOTATION,
  ServicePods,
} from '@netseal/backstage-plugin-netseal-common';
import { buildClusterDriftInput } from './buildClusterDriftInput';
import { LiveViewIndex } from './LiveViewIndex';
import { indexedLivePolicy } from './__testUtils__/indexedLivePolicy';

const NAMESPACES = ['payments', 'shop', 'ledger'];
const NAMES = ['allow-a', 'allow-b', 'deny-all'];
const ID = 'backstage.io/kubernetes-id';

const selector = fc.constantFrom<LabelSelector>(
  {},
  { matchLabels: { app: 'api' } },
  { matchLabels: { [ID]: 'payments' } },
  { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] },
);

const policy = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom(...NAMES),
    podSelector: selector,
    port: fc.integer({ min: 1, max: 3 }),
  })
  .map(
    (p): NetworkPolicy => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { namespace: p.namespace, name: p.name },
      spec: {
        podSelector: p.podSelector,
        ingress: [{ ports: [{ port: p.port }] }],
      },
    }),
  );

function sealedManifest(
  written: NetworkPolicy,
  index: number,
): PolicySourceManifest {
  const withSeal = structuredClone(written);
  withSeal.metadata.annotations = { [SEAL_ANNOTATION]: computeSeal(written) };
  return { kind: 'sealed', file: `${index}.yaml`, line: 1, policy: withSeal };
}

const pod = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    name: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
    labels: fc.subarray([
      ['app', 'api'],
      [ID, 'payments'],
      [ID, 'ledger'],
      ['tier', 'web'],
    ] as const),
  })
  .map(
    (p): LivePod => ({
      namespace: p.namespace,
      name: p.name,
      labels: Object.fromEntries(p.labels),
    }),
  );

const servicePods = fc.option(
  fc.record(
    {
      selector: fc.constantFrom<LabelSelector>(
        { matchLabels: { [ID]: 'payments' } },
        { matchLabels: { app: 'api', tier: 'web' } },
        { matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      ),
      namespace: fc.constantFrom(...NAMESPACES),
    },
    { requiredKeys: ['selector'] },
  ),
  { nil: undefined },
);

const heldByOthers = fc.subarray(
  NAMESPACES.flatMap(namespace => NAMES.map(name => `${namespace}/${name}`)),
);

describe('buildClusterDriftInput', () => {
  it('gives the same statuses as computeDrift on the whole cluster', () => {
    fc.assert(
      fc.property(
        fc.array(policy, { maxLength: 6 }),
        fc.array(policy, { maxLength: 8 }),
        fc.array(pod, { maxLength: 8 }),
        servicePods,
        heldByOthers,
        (
          sourcePolicies,
          livePolicies,
          pods,
          service: ServicePods | undefined,
          othersHold,
        ) => {
          const manifests = sourcePolicies.map(sealedManifest);
          const isInAnotherPolicySource = (namespace: string, name: string) =>
            othersHold.includes(`${namespace}/${name}`);
          // The API server holds one object per namespace and name; the last write wins.
          const live = new LiveViewIndex();
          live.replaceAll({
            policies: livePolicies.map(indexedLivePolicy),
            pods,
          });
          const wholeCluster = {
            cluster: 'prod-eu',
            connection: { state: 'connected' as const },
            manifests,
            livePolicies: live
              .policiesIn(NAMESPACES)
              .map(entry => entry.object()),
            livePods: live.candidatePods({ selector: {} }),
            isInAnotherPolicySource,
          };
          const narrowed = buildClusterDriftInput({
            cluster: 'prod-eu',
            connection: { state: 'connected' },
            manifests,
            live,
            servicePods: service,
            isInAnotherPolicySource,
          });
          expect(narrowed.livePolicies.length).toBeLessThanOrEqual(
            wholeCluster.livePolicies.length,
          );
          expect(
            computeDrift({ servicePods: service, clusters: [narrowed] }),
          ).toEqual(
            computeDrift({ servicePods: service, clusters: [wholeCluster] }),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('hands computeDrift only the live policies the service’s manifests name, and the unheld ones near its pods', () => {
    const live = new LiveViewIndex();
    const named = (namespace: string, name: string): NetworkPolicy => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { namespace, name },
      spec: { podSelector: {} },
    });
    live.replaceAll({
      policies: [
        named('payments', 'allow-a'),
        named('payments', 'held-by-ledger'),
        named('payments', 'stray'),
        named('shop', 'stray'),
      ].map(indexedLivePolicy),
      pods: [
        { namespace: 'payments', name: 'p', labels: { [ID]: 'payments' } },
      ],
    });

    const input = buildClusterDriftInput({
      cluster: 'prod-eu',
      connection: { state: 'connected' },
      manifests: [sealedManifest(named('payments', 'allow-a'), 0)],
      live,
      servicePods: { selector: { matchLabels: { [ID]: 'payments' } } },
      isInAnotherPolicySource: (_namespace, name) => name === 'held-by-ledger',
    });

    expect([...input.liveByKey.keys()].sort()).toEqual([
      'payments/allow-a',
      'payments/stray',
    ]);
    expect(input.digestOf?.(input.liveByKey.get('payments/allow-a')!)).toBe(
      computeSeal(named('payments', 'allow-a')),
    );
  });

  it('hands nothing live to computeDrift for a cluster it cannot read', () => {
    const live = new LiveViewIndex();
    live.replaceAll({
      policies: [],
      pods: [
        { namespace: 'payments', name: 'p', labels: { [ID]: 'payments' } },
      ],
    });
    expect(
      buildClusterDriftInput({
        cluster: 'prod-eu',
        connection: { state: 'unreachable', reason: 'timeout' },
        manifests: [],
        live,
        servicePods: { selector: { matchLabels: { [ID]: 'payments' } } },
      }),
    ).toMatchObject({
      cluster: 'prod-eu',
      connection: { state: 'unreachable', reason: 'timeout' },
      manifests: [],
      livePolicies: [],
      livePods: [],
    });
  });
});
