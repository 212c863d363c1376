import * as k8s from '@kubernetes/client-node';
import { keysOf, outcome, plain } from '../answers';
import { ScenarioStep } from '../Scenario';
import { allowWeb } from './fixtures';

function invalid(
  namespace: string,
  name: string,
  spec: object,
  labels?: Record<string, string>,
): k8s.V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: spec as k8s.V1NetworkPolicySpec,
  };
}

function createStep(
  name: string,
  policy: (namespace: string) => k8s.V1NetworkPolicy,
  query: { dryRun?: string; fieldValidation?: string } = {},
): ScenarioStep {
  return {
    name,
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(k8s.NetworkingV1Api).createNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          body: policy(namespace),
          ...query,
        }),
      ),
  };
}

/** Validation errors with their field paths, and dry-run. */
export const validationSteps: ScenarioStep[] = [
  createStep('validation: ports out of range and a bad protocol', ns =>
    invalid(ns, 'bad-ports', {
      podSelector: {},
      ingress: [
        {
          ports: [
            { port: 70000 },
            { port: 0 },
            { protocol: 'ICMP', port: 80 },
            { port: 80, endPort: 70 },
            { port: 'http', endPort: 90 },
            { port: 'Not_A_Name' },
          ],
        },
      ],
    }),
  ),
  createStep('validation: ipBlock CIDR and except', ns =>
    invalid(ns, 'bad-cidr', {
      podSelector: {},
      egress: [
        {
          to: [
            { ipBlock: { cidr: '10.0.0.0/33' } },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] } },
            { ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } },
            { ipBlock: { cidr: '10.0.0.1/8' } },
            {
              ipBlock: { cidr: '10.0.0.0/8' },
              podSelector: { matchLabels: { a: 'b' } },
            },
          ],
        },
      ],
    }),
  ),
  createStep('validation: selectors and labels', ns =>
    invalid(
      ns,
      'bad-selectors',
      {
        podSelector: {
          matchLabels: { 'bad key!': 'x' },
          matchExpressions: [
            { key: 'app', operator: 'Equals', values: ['a'] },
            { key: 'tier', operator: 'Exists', values: ['a'] },
            { key: 'zone', operator: 'In', values: [] },
          ],
        },
      },
      { team: 'not a valid value' },
    ),
  ),
  createStep('validation: policyTypes', ns =>
    invalid(ns, 'bad-types', {
      podSelector: {},
      policyTypes: ['Ingress', 'Sideways', 'Ingress'],
    }),
  ),
  createStep('validation: a name that is not a DNS subdomain', ns => ({
    ...allowWeb(ns),
    metadata: { name: 'Allow_Web', namespace: ns },
  })),
  createStep('validation: a missing podSelector', ns =>
    invalid(ns, 'no-selector', { ingress: [{}] }),
  ),
  createStep(
    'validation: an unknown field with fieldValidation=Strict is 400',
    ns => invalid(ns, 'strict', { podSelector: {}, colour: 'blue' }),
    { fieldValidation: 'Strict' },
  ),
  createStep(
    'validation: fieldValidation with an unknown value is 400',
    ns => invalid(ns, 'strict', { podSelector: {} }),
    { fieldValidation: 'Sometimes' },
  ),
  {
    name: 'validation: a namespace name with capitals',
    run: async ({ client }) =>
      outcome(() =>
        client(k8s.CoreV1Api).createNamespaceWithHttpInfo({
          body: { metadata: { name: 'Shop' } },
        }),
      ),
  },
  {
    name: 'validation: a body that is not JSON is 400',
    run: async ({ raw, namespace }) => {
      const answer = await raw({
        method: 'POST',
        path: `/apis/networking.k8s.io/v1/namespaces/${namespace}/networkpolicies`,
        headers: { 'Content-Type': 'application/json' },
        body: '{"metadata": ',
      });
      const body = JSON.parse(answer.text);
      return { status: answer.status, reason: body.reason, code: body.code };
    },
  },
  {
    name: 'validation: kubectl create of an invalid manifest',
    run: async ({ kubectl, file, namespace }) =>
      kubectl([
        'create',
        '-f',
        file(
          'invalid.yaml',
          `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad-port, namespace: ${namespace}}
spec:
  podSelector: {}
  ingress:
  - ports: [{port: 70000}]
`,
        ),
      ]),
  },
  {
    name: 'dry-run: what a dry-run create answers',
    run: async ({ client, namespace }) =>
      outcome(
        () =>
          client(k8s.NetworkingV1Api).createNamespacedNetworkPolicyWithHttpInfo(
            {
              namespace,
              dryRun: 'All',
              body: {
                ...allowWeb(namespace),
                metadata: { name: 'dry-run', namespace },
              },
            },
          ),
        data => ({
          metadataFields: keysOf(data.metadata),
          spec: plain(data.spec),
        }),
      ),
  },
  {
    name: 'dry-run: the dry-run object is not there',
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(k8s.NetworkingV1Api).readNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          name: 'dry-run',
        }),
      ),
  },
  {
    name: 'dry-run: an unsupported dryRun value is 400',
    run: async ({ client, namespace }) =>
      outcome(() =>
        client(k8s.NetworkingV1Api).createNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          dryRun: 'Some',
          body: allowWeb(namespace),
        }),
      ),
  },
  {
    name: 'dry-run: a delete keeps the object',
    run: async ({ client, namespace }) => {
      const api = client(k8s.NetworkingV1Api);
      const deleted = await outcome(() =>
        api.deleteNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          name: 'egress-only',
          dryRun: 'All',
        }),
      );
      const after = await outcome(() =>
        api.readNamespacedNetworkPolicyWithHttpInfo({
          namespace,
          name: 'egress-only',
        }),
      );
      return { deleted, after };
    },
  },
  {
    name: 'dry-run: kubectl delete --dry-run=server',
    run: async ({ kubectl, namespace }) =>
      kubectl([
        'delete',
        'netpol',
        'egress-only',
        '-n',
        namespace,
        '--dry-run=server',
      ]),
  },
];
