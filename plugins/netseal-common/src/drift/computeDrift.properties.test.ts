import fc from 'fast-check';
import { SEAL_ANNOTATION } from '../constants';
import { computeSeal } from '../seal/computeSeal';
import type { NetworkPolicy } from '../types';
import {
  labels,
  networkPolicy,
} from '../seal/__testUtils__/networkPolicyArbitraries';
import { seededRandom } from '../seal/__testUtils__/policyParts';
import {
  addRuntimeMetadata,
  reorderMapKeys,
  reorderOrderFreeLists,
  repeatListEntries,
  swapEmptyAndMissing,
  toggleDefaultProtocol,
  toggleInferredPolicyTypes,
} from '../seal/__testUtils__/enforcementNeutralChanges';
import {
  EnforcedChange,
  addIPBlockExcept,
  addLabel,
  addPeer,
  addPort,
  changeLabelValue,
  changePolicyTypes,
  changePortNumber,
  changePortProtocol,
} from '../seal/__testUtils__/enforcedChanges';
import { computeDrift } from './computeDrift';
import type {
  ClusterConnection,
  LivePod,
  PolicySourceManifest,
  ServiceDriftInput,
} from './ServiceDriftInput';
import { sealed } from './__fixtures__/paymentsService';

// Mutation testing (stryker.config.mjs) runs every property once per mutant and asks for fewer.
const runs = { numRuns: Number(process.env.NETSEAL_PROPERTY_RUNS ?? 200) };
const NAMESPACES = ['payments', 'shop'];
const NAMES = ['allow-a', 'allow-b', 'allow-c', 'allow-d', 'deny-all'];
const SERVICE_LABEL = 'backstage.io/kubernetes-id';

function named(policy: NetworkPolicy, namespace: string, name: string) {
  return { ...policy, metadata: { ...policy.metadata, namespace, name } };
}

const connection = fc.constantFrom<ClusterConnection>(
  { state: 'connected' },
  { state: 'unreachable', reason: 'connect ECONNREFUSED' },
  { state: 'unauthorized', reason: '401' },
  { state: 'forbidden', reason: '403' },
  { state: 'connecting' },
);

const identity = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  name: fc.constantFrom(...NAMES),
});

/** Manifests in every state, some sharing an identity, and live objects, some copies of them. */
const scenario = fc
  .record({
    manifests: fc.array(
      fc.record({
        policy: networkPolicy,
        identity,
        sealing: fc.oneof(
          { arbitrary: fc.constant('sealed'), weight: 6 },
          fc.constantFrom('none', 'stale', 'invalid'),
        ),
      }),
      { maxLength: 5 },
    ),
    live: fc.array(
      fc.record({
        policy: networkPolicy,
        identity,
        copyOfManifest: fc.option(fc.nat(), { nil: undefined }),
        editedLive: fc.boolean(),
        selectsEveryPod: fc.boolean(),
      }),
      { maxLength: 5 },
    ),
    pods: fc.array(
      fc.record({
        namespace: fc.constantFrom(...NAMESPACES),
        labels,
        ofService: fc.boolean(),
      }),
      { maxLength: 5 },
    ),
    pending: fc.array(identity, { maxLength: 2 }),
    connection,
  })
  .map(generated => {
    const manifests: PolicySourceManifest[] = generated.manifests.map(
      ({ policy, identity: { namespace, name }, sealing }, index) => {
        const file = `prod-eu/${index}.yaml`;
        if (sealing === 'invalid') {
          return {
            kind: 'invalid',
            file,
            line: 1,
            namespace,
            name,
            reason: 'not a NetworkPolicy',
            problems: [{ path: 'kind', message: 'must be NetworkPolicy' }],
          };
        }
        const manifest = sealed(named(policy, namespace, name));
        if (sealing === 'none') {
          delete manifest.metadata.annotations![SEAL_ANNOTATION];
        } else if (sealing === 'stale') {
          manifest.metadata.labels = { ...manifest.metadata.labels, x: 'y' };
        }
        return { kind: 'sealed', file, line: 1, policy: manifest };
      },
    );
    const livePolicies = generated.live.map((generatedLive): NetworkPolicy => {
      const { namespace, name } = generatedLive.identity;
      const { copyOfManifest } = generatedLive;
      const original =
        copyOfManifest === undefined || manifests.length === 0
          ? undefined
          : manifests[copyOfManifest % manifests.length];
      if (original?.kind === 'sealed') {
        return generatedLive.editedLive
          ? addLabel(original.policy, () => 0)!
          : original.policy;
      }
      const live = named(generatedLive.policy, namespace, name);
      return generatedLive.selectsEveryPod
        ? { ...live, spec: { ...live.spec, podSelector: {} } }
        : live;
    });
    const livePods: LivePod[] = generated.pods.map((pod, index) => ({
      namespace: pod.namespace,
      name: `pod-${index}`,
      labels: pod.ofService
        ? { ...pod.labels, [SERVICE_LABEL]: 'payments' }
        : pod.labels,
    }));
    const input: ServiceDriftInput = {
      servicePods: {
        selector: { matchLabels: { [SERVICE_LABEL]: 'payments' } },
      },
      clusters: [
        {
          cluster: 'prod-eu',
          connection: generated.connection,
          manifests,
          livePolicies,
          livePods,
          pending: generated.pending.map(pending => ({
            ...pending,
            reason: 'rolling out',
          })),
        },
      ],
    };
    return input;
  });

function identityKey(drift: {
  cluster: string;
  namespace: string;
  name: string;
}) {
  return JSON.stringify([drift.cluster, drift.namespace, drift.name]);
}

describe('computeDrift, for any policy source and cluster', () => {
  it('gives one status per cluster, namespace and name, and one to every manifest', () => {
    fc.assert(
      fc.property(scenario, input => {
        const drifts = computeDrift(input);
        const keys = drifts.map(identityKey);
        expect(new Set(keys).size).toBe(keys.length);
        for (const manifest of input.clusters[0].manifests) {
          const name =
            manifest.kind === 'sealed'
              ? manifest.policy.metadata.name
              : manifest.name;
          expect(drifts.some(d => d.name === name)).toBe(true);
        }
      }),
      runs,
    );
  });

  it('never reports a policy of a cluster it cannot read as in sync, missing, drifted or pending', () => {
    fc.assert(
      fc.property(scenario, input => {
        fc.pre(input.clusters[0].connection.state !== 'connected');
        const statuses = new Set(computeDrift(input).map(d => d.status));
        expect(
          [...statuses].filter(
            status => status !== 'unknown' && status !== 'unsealed',
          ),
        ).toEqual([]);
      }),
      runs,
    );
  });

  it('reports in sync only with the live digest equal to the seal, drift only with differences, and says why for unknown and unsealed', () => {
    fc.assert(
      fc.property(scenario, input => {
        const violations = computeDrift(input).filter(
          drift =>
            (drift.status === 'in-sync' && drift.liveDigest !== drift.seal) ||
            (drift.status === 'drifted' &&
              (drift.liveDigest === drift.seal ||
                drift.differences.length === 0)) ||
            ((drift.status === 'unknown' || drift.status === 'unsealed') &&
              !drift.reason),
        );
        expect(violations).toEqual([]);
      }),
      runs,
    );
  });
});

function singlePolicyDrift(manifest: NetworkPolicy, live: NetworkPolicy) {
  return computeDrift({
    clusters: [
      {
        cluster: 'prod-eu',
        connection: { state: 'connected' },
        manifests: [
          { kind: 'sealed', file: 'a.yaml', line: 1, policy: manifest },
        ],
        livePolicies: [live],
        livePods: [],
      },
    ],
  });
}

describe('computeDrift, for one sealed policy and its live object', () => {
  it('reports in sync when they differ only by defaulting, runtime metadata and order', () => {
    fc.assert(
      fc.property(networkPolicy, fc.integer(), (policy, seed) => {
        const random = seededRandom(seed);
        const manifest = sealed(policy);
        const live = [
          reorderMapKeys,
          toggleDefaultProtocol,
          toggleInferredPolicyTypes,
          swapEmptyAndMissing,
          addRuntimeMetadata,
          reorderOrderFreeLists,
          repeatListEntries,
        ].reduce((current, change) => change(current, random), manifest);
        expect(singlePolicyDrift(manifest, live)).toEqual([
          expect.objectContaining({
            status: 'in-sync',
            seal: computeSeal(manifest),
            liveDigest: computeSeal(manifest),
          }),
        ]);
      }),
      runs,
    );
  });

  const enforcedChanges: Array<[string, EnforcedChange, RegExp]> = [
    ['a label is added', addLabel, /^metadata\.labels\[/],
    ['a label value changes', changeLabelValue, /^metadata\.labels\[/],
    ['a port is added', addPort, /^spec\.ingress\[/],
    ['a port number changes', changePortNumber, /^spec\.(ingress|egress)\[/],
    ['a protocol changes', changePortProtocol, /^spec\.(ingress|egress)\[/],
    ['a peer is added', addPeer, /^spec\.ingress\[/],
    ['an except is added', addIPBlockExcept, /^spec\.(ingress|egress)\[/],
    ['the policy types change', changePolicyTypes, /^spec\.policyTypes\[/],
  ];

  it.each(enforcedChanges)(
    'reports drift naming the changed place when %s live',
    (_, change, place) => {
      fc.assert(
        fc.property(networkPolicy, fc.integer(), (policy, seed) => {
          const manifest = sealed(policy);
          const live = change(manifest, seededRandom(seed));
          fc.pre(live !== undefined);
          const [drift] = singlePolicyDrift(manifest, live as NetworkPolicy);
          expect(drift.status).toBe('drifted');
          expect(drift.differences.length).toBeGreaterThan(0);
          expect(drift.differences.every(d => place.test(d.path))).toBe(true);
        }),
        runs,
      );
    },
  );
});
