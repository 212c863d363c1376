import { checkoutApi, denyAllIngress } from '../__fixtures__/networkPolicies';
import { MAX_PROBLEMS } from './ProblemCollector';
import { isValidNetworkPolicy } from './isValidNetworkPolicy';
import { validateNetworkPolicy } from './validateNetworkPolicy';
import { manifestWith } from './__testUtils__/manifests';

type Row = [
  description: string,
  manifest: unknown,
  path: string,
  message: string,
];

function expectOneProblem(manifest: unknown, path: string, message: string) {
  const problems = validateNetworkPolicy(manifest);
  expect(problems).toEqual([
    { path, message: expect.stringContaining(message) },
  ]);
}

describe('validateNetworkPolicy', () => {
  it('accepts valid policies', () => {
    expect(validateNetworkPolicy(checkoutApi)).toEqual([]);
    expect(validateNetworkPolicy(denyAllIngress)).toEqual([]);
    expect(isValidNetworkPolicy(checkoutApi)).toBe(true);
  });

  it('accepts a manifest read back from a cluster, with runtime metadata and status', () => {
    const live = {
      ...checkoutApi,
      metadata: {
        ...checkoutApi.metadata,
        uid: '0d4b2c1e-8f3a-4c55-9e0b-6a7d1f2e3c4b',
        resourceVersion: '4711',
        generation: 2,
        creationTimestamp: '2026-11-26T09:00:00Z',
        managedFields: [],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
      },
      status: {},
    };
    expect(validateNetworkPolicy(live)).toEqual([]);
  });

  describe('the document', () => {
    const rows: Row[] = [
      ['a list instead of an object', [], '', 'must be an object, not a list'],
      [
        'a string instead of an object',
        'kind: NetworkPolicy',
        '',
        'must be an object',
      ],
      [
        'no apiVersion',
        manifestWith('apiVersion', undefined),
        'apiVersion',
        'is required: set it to "networking.k8s.io/v1"',
      ],
      [
        'an old apiVersion',
        manifestWith('apiVersion', 'extensions/v1beta1'),
        'apiVersion',
        'must be "networking.k8s.io/v1" (got "extensions/v1beta1")',
      ],
      [
        'another kind',
        manifestWith('kind', 'Pod'),
        'kind',
        'must be "NetworkPolicy" (got "Pod")',
      ],
      [
        'no metadata',
        manifestWith('metadata', undefined),
        'metadata',
        'is required',
      ],
      ['no spec', manifestWith('spec', undefined), 'spec', 'isolate every pod'],
      [
        'a spec that is a list',
        manifestWith('spec', []),
        'spec',
        'must be an object, not a list',
      ],
    ];
    it.each(rows)('rejects %s', (_, manifest, path, message) =>
      expectOneProblem(manifest, path, message),
    );
  });

  describe('metadata', () => {
    const rows: Row[] = [
      [
        'no name',
        manifestWith('metadata.name', undefined),
        'metadata.name',
        'Netseal identifies a sealed policy by namespace and name',
      ],
      [
        'generateName instead of a name',
        manifestWith('metadata', { generateName: 'allow-', namespace: 'shop' }),
        'metadata.name',
        'generateName cannot stand in for it',
      ],
      [
        'a name with capitals',
        manifestWith('metadata.name', 'Checkout'),
        'metadata.name',
        '"Checkout" must be a lowercase RFC 1123 subdomain',
      ],
      [
        'a name with an underscore',
        manifestWith('metadata.name', 'checkout_api'),
        'metadata.name',
        'RFC 1123 subdomain',
      ],
      [
        'a name longer than 253 characters',
        manifestWith('metadata.name', 'a'.repeat(254)),
        'metadata.name',
        'no more than 253 characters',
      ],
      [
        'a name that is a number',
        manifestWith('metadata.name', 42),
        'metadata.name',
        'must be a string, not the number 42; quote it: "42"',
      ],
      [
        'no namespace',
        manifestWith('metadata.namespace', undefined),
        'metadata.namespace',
        "never from kubectl's context",
      ],
      [
        'a namespace with a dot',
        manifestWith('metadata.namespace', 'shop.eu'),
        'metadata.namespace',
        'must be a lowercase RFC 1123 label',
      ],
      [
        'a namespace longer than 63 characters',
        manifestWith('metadata.namespace', 'a'.repeat(64)),
        'metadata.namespace',
        'no more than 63 characters',
      ],
      [
        'a malformed seal annotation',
        manifestWith('metadata.annotations', {
          'netseal.io/seal': 'sha256:ABC',
        }),
        'metadata.annotations["netseal.io/seal"]',
        '64 lowercase hexadecimal digits',
      ],
      [
        'an invalid annotation key',
        manifestWith('metadata.annotations', { 'bad key': 'x' }),
        'metadata.annotations["bad key"]',
        'key "bad key": name part must consist of',
      ],
      [
        'annotations over 256 KiB',
        manifestWith('metadata.annotations', { big: 'x'.repeat(256 * 1024) }),
        'metadata.annotations',
        'at most 262144',
      ],
      [
        'an unknown metadata field',
        manifestWith('metadata.nmae', 'x'),
        'metadata.nmae',
        'did you mean "metadata.name"?',
      ],
    ];
    it.each(rows)('rejects %s', (_, manifest, path, message) =>
      expectOneProblem(manifest, path, message),
    );

    it('accepts labels and annotations with prefixes, and empty label values', () => {
      const manifest = manifestWith('metadata.labels', {
        'app.kubernetes.io/name': 'checkout',
        'example.com/Team_Name': '',
        tier: 'Back.End-1',
      });
      expect(validateNetworkPolicy(manifest)).toEqual([]);
    });
  });

  describe('spec', () => {
    const rows: Row[] = [
      [
        'no podSelector',
        manifestWith('spec.podSelector', undefined),
        'spec.podSelector',
        'write podSelector: {} to select every pod',
      ],
      [
        'an unknown policy type',
        manifestWith('spec.policyTypes', ['Ingress', 'ingress']),
        'spec.policyTypes[1]',
        'must be one of Ingress, Egress (got "ingress"); did you mean Ingress?',
      ],
      [
        'a repeated policy type',
        manifestWith('spec.policyTypes', ['Egress', 'Egress']),
        'spec.policyTypes[1]',
        'repeats Egress; list each policy type once',
      ],
      [
        'policyTypes as a string',
        manifestWith('spec.policyTypes', 'Ingress'),
        'spec.policyTypes',
        'must be a list, not the string "Ingress"',
      ],
      [
        'an ingress rule that is a list',
        manifestWith('spec.ingress[0]', []),
        'spec.ingress[0]',
        'must be an object, not a list',
      ],
      [
        'an egress rule with from instead of to',
        manifestWith('spec.egress[0].from', []),
        'spec.egress[0].from',
        'unknown field "spec.egress[0].from"; "spec.egress[0]" may only have to, ports',
      ],
      [
        'a mistyped field',
        manifestWith('spec.ingres', []),
        'spec.ingres',
        'unknown field "spec.ingres"; did you mean "spec.ingress"?',
      ],
      [
        'a field in the wrong case',
        manifestWith('spec.podselector', {}),
        'spec.podselector',
        'did you mean "spec.podSelector"?',
      ],
      [
        'null where a list belongs',
        manifestWith('spec.egress', null),
        'spec.egress',
        'must not be null; give it a value or remove the field',
      ],
    ];
    it.each(rows)('rejects %s', (_, manifest, path, message) =>
      expectOneProblem(manifest, path, message),
    );
  });

  describe('peers', () => {
    const rows: Row[] = [
      [
        'an empty peer',
        manifestWith('spec.ingress[0].from[0]', {}),
        'spec.ingress[0].from[0]',
        'must name a peer: podSelector, namespaceSelector (or both), or ipBlock',
      ],
      [
        'ipBlock together with podSelector',
        manifestWith('spec.ingress[1].from[0].podSelector', {}),
        'spec.ingress[1].from[0]',
        'may not combine ipBlock with podSelector or namespaceSelector',
      ],
      [
        'ipBlock together with namespaceSelector',
        manifestWith('spec.ingress[1].from[0].namespaceSelector', {}),
        'spec.ingress[1].from[0]',
        'put the ipBlock in a peer of its own',
      ],
      [
        'a peer that is a string',
        manifestWith('spec.egress[0].to[0]', 'kube-dns'),
        'spec.egress[0].to[0]',
        'must be an object, not the string "kube-dns"',
      ],
    ];
    it.each(rows)('rejects %s', (_, manifest, path, message) =>
      expectOneProblem(manifest, path, message),
    );
  });

  it('reports every problem, not just the first, each at its own path', () => {
    const manifest = {
      apiVersion: 'networking.k8s.io/v1beta1',
      kind: 'NetworkPolicy',
      metadata: { name: 'Checkout', namespace: 'shop' },
      spec: {
        podSelector: {},
        ingress: [
          {
            from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }],
            ports: [{ port: 0 }, { protocol: 'HTTP', port: 80 }],
          },
        ],
      },
    };
    expect(
      validateNetworkPolicy(manifest).map(problem => problem.path),
    ).toEqual([
      'apiVersion',
      'metadata.name',
      'spec.ingress[0].from[0].ipBlock.except[0]',
      'spec.ingress[0].ports[0].port',
      'spec.ingress[0].ports[1].protocol',
    ]);
    expect(isValidNetworkPolicy(manifest)).toBe(false);
  });

  describe('on hostile input', () => {
    it('stops after a bounded number of problems and says so', () => {
      const ports = Array.from({ length: 5000 }, () => ({ port: 0 }));
      const problems = validateNetworkPolicy(
        manifestWith('spec.ingress[0].ports', ports),
      );
      expect(problems).toHaveLength(MAX_PROBLEMS + 1);
      expect(problems[MAX_PROBLEMS].message).toContain(
        'fix these and validate again',
      );
    });

    it('does not descend into deeply nested unknown fields', () => {
      let deep: Record<string, unknown> = {};
      for (let i = 0; i < 100_000; i++) {
        deep = { nested: deep };
      }
      expect(validateNetworkPolicy(manifestWith('spec.extra', deep))).toEqual([
        {
          path: 'spec.extra',
          message: expect.stringContaining('unknown field'),
        },
      ]);
    });

    it('survives a manifest that contains itself', () => {
      const manifest = manifestWith('spec.ingress', []) as Record<
        string,
        unknown
      >;
      const spec = manifest.spec as Record<string, unknown>;
      spec.ingress = [{ from: [spec] }];
      expect(validateNetworkPolicy(manifest).length).toBeGreaterThan(0);
    });

    it('keeps messages short when a value is huge', () => {
      const [problem] = validateNetworkPolicy(
        manifestWith(
          'spec.ingress[0].ports[0].protocol',
          'X'.repeat(1_000_000),
        ),
      );
      expect(problem.message.length).toBeLessThan(300);
    });

    it('takes a key named __proto__ as an unknown field, not as a prototype', () => {
      const manifest = JSON.parse(
        '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",' +
          '"metadata":{"name":"a","namespace":"b"},"spec":{"podSelector":{},"__proto__":{}}}',
      );
      expect(validateNetworkPolicy(manifest)).toEqual([
        {
          path: 'spec.__proto__',
          message: expect.stringContaining('unknown field'),
        },
      ]);
    });
  });
});
