import { parse } from 'yaml';
import { checkoutApi } from '../__fixtures__/networkPolicies';
import {
  allowFrontendText,
  paymentsContext,
} from '../requests/__fixtures__/requestManifests';
import { validateRequestChanges } from '../requests/validateRequestChanges';
import type { NetworkPolicy } from '../types';
import { manifestWith } from './__testUtils__/manifests';
import { sealedFieldsOf, validateSealedManifest } from './sealedManifestFields';

const RUNTIME =
  /^is runtime metadata that the API server or a controller sets, not part of a sealed policy; a sealed manifest carries only metadata\.name, namespace, labels and annotations, and spec, so remove it$/;

/** Each field outside the sealed list, set on a valid manifest, and the problem expected. */
const UNSEALED: [string, unknown, RegExp][] = [
  ['metadata.finalizers', ['example.com/hold'], RUNTIME],
  [
    'metadata.ownerReferences',
    [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'u' }],
    RUNTIME,
  ],
  ['metadata.resourceVersion', '42', RUNTIME],
  ['metadata.uid', '5c3c0b1e-0000-4000-8000-000000000001', RUNTIME],
  ['metadata.generation', 3, RUNTIME],
  ['metadata.creationTimestamp', '2026-01-01T00:00:00Z', RUNTIME],
  ['metadata.deletionTimestamp', '2026-01-01T00:00:00Z', RUNTIME],
  ['metadata.deletionGracePeriodSeconds', 0, RUNTIME],
  ['metadata.managedFields', [], RUNTIME],
  ['metadata.selfLink', '/apis/x', RUNTIME],
  [
    'metadata.generateName',
    'allow-',
    /^is not sealed: a generated name cannot be sealed before it exists/,
  ],
  [
    'status',
    {},
    /^is not sealed: a NetworkPolicy has no status in networking\.k8s\.io\/v1/,
  ],
  [
    'metadata.labels',
    { 'netseal.io/guard': 'r1', app: 'x' },
    /^is reserved for a rollout's temporary guard policies/,
  ],
];

describe('validateSealedManifest', () => {
  it.each(UNSEALED)('refuses %s, naming its path', (path, value, message) => {
    const problems = validateSealedManifest(manifestWith(path, value));

    const expectedPath =
      path === 'metadata.labels' ? 'metadata.labels["netseal.io/guard"]' : path;
    expect(problems).toEqual([
      { path: expectedPath, message: expect.stringMatching(message) },
    ]);
  });

  it('accepts a manifest of only name, namespace, labels, annotations and spec', () => {
    expect(validateSealedManifest(checkoutApi)).toEqual([]);
  });

  it('reports an unknown field once, as validateNetworkPolicy does', () => {
    expect(validateSealedManifest(manifestWith('metadata.nmae', 'x'))).toEqual([
      {
        path: 'metadata.nmae',
        message: 'unknown field "metadata.nmae"; did you mean "metadata.name"?',
      },
    ]);
  });

  it.each(UNSEALED)(
    'refuses %s in a request change, naming the change and the path',
    (path, value) => {
      const document = parse(allowFrontendText) as Record<string, unknown>;
      const [head, key] = path.split('.');
      if (key) {
        (document[head] as Record<string, unknown>)[key] = value;
      } else {
        document[head] = value;
      }

      const result = validateRequestChanges(
        [
          {
            op: 'add',
            cluster: 'staging',
            namespace: 'payments',
            name: 'allow-frontend',
            manifest: JSON.stringify(document),
          },
        ],
        paymentsContext,
      );

      expect(result).toEqual({
        ok: false,
        problems: [
          expect.objectContaining({
            field: expect.stringMatching(
              new RegExp(
                `^changes\\[0\\]\\.manifest: ${path.replace(
                  /[.[\]]/g,
                  '\\$&',
                )}`,
              ),
            ),
          }),
        ],
      });
    },
  );
});

describe('sealedFieldsOf', () => {
  it('keeps apiVersion, kind, metadata name, namespace, labels and annotations, and spec, and nothing else', () => {
    const policy = {
      ...checkoutApi,
      status: {},
      metadata: {
        ...checkoutApi.metadata,
        annotations: { note: 'kept' },
        finalizers: ['example.com/hold'],
        resourceVersion: '7',
        ownerReferences: [],
      },
    } as NetworkPolicy;

    expect(sealedFieldsOf(policy)).toEqual({
      apiVersion: checkoutApi.apiVersion,
      kind: checkoutApi.kind,
      metadata: {
        name: checkoutApi.metadata.name,
        namespace: checkoutApi.metadata.namespace,
        labels: checkoutApi.metadata.labels,
        annotations: { note: 'kept' },
      },
      spec: checkoutApi.spec,
    });
  });
});
