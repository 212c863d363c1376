import { checkoutApi, denyAllIngress } from '../__fixtures__/networkPolicies';
import type { NetworkPolicy, NetworkPolicySpec } from '../types';
import { computeSeal } from '../seal/computeSeal';
import { canonicalJson } from './__testUtils__/canonicalJson';
import { canonicalize, encodeCanonical } from './canonicalize';

function withSpec(spec: Partial<NetworkPolicySpec>): NetworkPolicy {
  return { ...denyAllIngress, spec: { podSelector: {}, ...spec } };
}

describe('canonicalize', () => {
  it('keeps identity, labels and spec, and drops runtime metadata and annotations', () => {
    const live = {
      ...checkoutApi,
      metadata: {
        ...checkoutApi.metadata,
        uid: '0d4b2c1e-8f3a-4c55-9e0b-6a7d1f2e3c4b',
        resourceVersion: '4711',
        generation: 3,
        creationTimestamp: '2026-11-26T09:00:00Z',
        managedFields: [{ manager: 'kubectl' }],
        annotations: {
          'netseal.io/seal': 'sha256:00',
          'example.com/note': 'x',
        },
      },
      status: {},
    };
    const canonical = canonicalize(live);
    expect(canonical.metadata).toEqual({
      namespace: 'shop',
      name: 'checkout-api',
      labels: {
        'app.kubernetes.io/name': 'checkout',
        'netseal.io/sealed': 'true',
      },
    });
    expect(Object.keys(canonical)).toEqual([
      'apiVersion',
      'kind',
      'metadata',
      'spec',
    ]);
  });

  it('infers policyTypes Ingress for a policy without egress rules', () => {
    expect(canonicalize(withSpec({})).spec.policyTypes).toEqual(['Ingress']);
    expect(canonicalize(withSpec({ egress: [] })).spec.policyTypes).toEqual([
      'Ingress',
    ]);
    expect(
      canonicalize(withSpec({ policyTypes: [] })).spec.policyTypes,
    ).toEqual(['Ingress']);
  });

  it('infers policyTypes Ingress and Egress for a policy with egress rules', () => {
    expect(canonicalize(withSpec({ egress: [{}] })).spec.policyTypes).toEqual([
      'Egress',
      'Ingress',
    ]);
  });

  it('keeps written policyTypes, so an egress-only policy stays egress-only', () => {
    expect(
      canonicalize(withSpec({ policyTypes: ['Egress'], ingress: [{}] })).spec
        .policyTypes,
    ).toEqual(['Egress']);
  });

  it('keeps rules of a type the policy does not enforce, since changing policyTypes alone would enforce them', () => {
    const egressOnly = withSpec({ policyTypes: ['Egress'] });
    const withIngress = withSpec({ policyTypes: ['Egress'], ingress: [{}] });
    expect(computeSeal(withIngress)).not.toBe(computeSeal(egressOnly));
  });

  it('defaults a port protocol to TCP', () => {
    const canonical = canonicalize(
      withSpec({ ingress: [{ ports: [{ port: 80 }, {}] }] }),
    );
    expect(canonical.spec.ingress[0].ports).toEqual([
      { protocol: 'TCP', port: 80 },
      { protocol: 'TCP' },
    ]);
  });

  it('keeps port 80 and the named port "80" apart, as the API server does', () => {
    const numbered = withSpec({ ingress: [{ ports: [{ port: 80 }] }] });
    const named = withSpec({ ingress: [{ ports: [{ port: '80' }] }] });
    expect(computeSeal(numbered)).not.toBe(computeSeal(named));
  });

  it('keeps an empty peer selector: podSelector {} (own namespace) differs from namespaceSelector {} (all namespaces)', () => {
    const ownNamespace = withSpec({
      ingress: [{ from: [{ podSelector: {} }] }],
    });
    const everyNamespace = withSpec({
      ingress: [{ from: [{ namespaceSelector: {} }] }],
    });
    expect(canonicalize(ownNamespace).spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: {}, matchExpressions: [] } },
    ]);
    expect(computeSeal(ownNamespace)).not.toBe(computeSeal(everyNamespace));
  });

  it('tells no ingress rules (allow nothing) from one empty rule (allow everything)', () => {
    expect(computeSeal(withSpec({ ingress: [] }))).not.toBe(
      computeSeal(withSpec({ ingress: [{}] })),
    );
  });

  it('treats an empty from, ports or except like a missing one', () => {
    expect(computeSeal(withSpec({ ingress: [{ from: [], ports: [] }] }))).toBe(
      computeSeal(withSpec({ ingress: [{}] })),
    );
    expect(
      computeSeal(
        withSpec({
          ingress: [
            { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: [] } }] },
          ],
        }),
      ),
    ).toBe(
      computeSeal(
        withSpec({
          ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }],
        }),
      ),
    );
  });

  it('sorts and dedupes expression values, excepts and policyTypes', () => {
    const canonical = canonicalize(
      withSpec({
        podSelector: {
          matchExpressions: [
            { key: 'app', operator: 'In', values: ['web', 'api', 'web'] },
          ],
        },
        policyTypes: ['Ingress', 'Egress'],
        egress: [
          {
            to: [
              {
                ipBlock: {
                  cidr: '10.0.0.0/8',
                  except: ['10.2.0.0/16', '10.1.0.0/16', '10.2.0.0/16'],
                },
              },
            ],
          },
        ],
      }),
    );
    expect(canonical.spec.podSelector.matchExpressions[0].values).toEqual([
      'api',
      'web',
    ]);
    expect(canonical.spec.policyTypes).toEqual(['Egress', 'Ingress']);
    expect(canonical.spec.egress[0].to[0].ipBlock?.except).toEqual([
      '10.1.0.0/16',
      '10.2.0.0/16',
    ]);
  });

  it('keeps the namespace as written and an absent one as empty, so it never matches a live object', () => {
    const withoutNamespace: NetworkPolicy = {
      ...denyAllIngress,
      metadata: { name: 'deny-all-ingress' },
    };
    const inDefault: NetworkPolicy = {
      ...denyAllIngress,
      metadata: { name: 'deny-all-ingress', namespace: 'default' },
    };
    expect(canonicalize(withoutNamespace).metadata.namespace).toBe('');
    expect(computeSeal(withoutNamespace)).not.toBe(computeSeal(inDefault));
  });

  it('reads null as absent, as the API server decodes it', () => {
    const withNulls = JSON.parse(
      '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",' +
        '"metadata":{"name":"deny-all-ingress","namespace":"shop","labels":null},' +
        '"spec":{"podSelector":{"matchLabels":null},"ingress":null,"policyTypes":null}}',
    );
    expect(computeSeal(withNulls)).toBe(computeSeal(denyAllIngress));
  });

  it('keeps a label named __proto__ as a label', () => {
    const policy = JSON.parse(
      '{"metadata":{"name":"a","namespace":"b","labels":{"__proto__":"x"}},"spec":{}}',
    );
    const canonical = canonicalize(policy);
    expect(Object.keys(canonical.metadata.labels)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(canonical.metadata.labels)).toBe(
      Object.prototype,
    );
  });

  it('ignores unknown fields, however deeply nested', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) {
      deep = { nested: deep };
    }
    const withExtra = {
      ...denyAllIngress,
      spec: { podSelector: {}, extra: deep },
    };
    expect(computeSeal(withExtra)).toBe(computeSeal(denyAllIngress));
  });

  it('does not throw on a policy of the wrong shape', () => {
    const garbage: unknown = {
      metadata: 7,
      spec: { ingress: 'all', podSelector: [] },
    };
    expect(() => computeSeal(garbage as NetworkPolicy)).not.toThrow();
  });

  it.each([
    ['namespaceSelector', { podSelector: { matchLabels: { app: 'web' } } }],
    ['podSelector', { namespaceSelector: { matchLabels: { team: 'a' } } }],
    ['ipBlock', { podSelector: { matchLabels: { app: 'web' } } }],
  ])(
    'reads a peer whose %s is null as one without it, never as an empty one (an empty selector selects everything)',
    (field, peer) => {
      const withNull = JSON.parse(
        JSON.stringify({
          ...denyAllIngress,
          spec: {
            podSelector: {},
            ingress: [{ from: [{ ...peer, [field]: null }] }],
          },
        }),
      );
      const without = withSpec({ ingress: [{ from: [peer] }] });
      const withEmpty = withSpec({
        ingress: [
          {
            from: [
              { ...peer, [field]: field === 'ipBlock' ? { cidr: '' } : {} },
            ],
          },
        ],
      });

      expect(computeSeal(withNull)).toBe(computeSeal(without));
      expect(computeSeal(withNull)).not.toBe(computeSeal(withEmpty));
      expect(canonicalize(withNull).spec.ingress[0].from).toEqual(
        canonicalize(without).spec.ingress[0].from,
      );
    },
  );

  it('reads a null endPort or port as absent', () => {
    const withNulls = JSON.parse(
      '{"metadata":{"name":"a","namespace":"b"},"spec":{"podSelector":{},' +
        '"ingress":[{"ports":[{"port":80,"endPort":null},{"protocol":"UDP","port":null}]}]}}',
    );
    expect(canonicalize(withNulls).spec.ingress[0].ports).toEqual([
      { protocol: 'TCP', port: 80 },
      { protocol: 'UDP' },
    ]);
  });

  it('seals a policy whose spec is null like one with an empty spec, without throwing', () => {
    const withNullSpec = JSON.parse(
      '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy",' +
        '"metadata":{"name":"deny-all-ingress","namespace":"shop"},"spec":null}',
    );
    expect(computeSeal(withNullSpec)).toBe(computeSeal(denyAllIngress));
  });

  it('reads a null rule, peer or port as an empty one, as the API server decodes a null list element', () => {
    const withNulls = JSON.parse(
      '{"metadata":{"name":"a","namespace":"b"},"spec":{"podSelector":{},' +
        '"ingress":[null,{"from":[null],"ports":[null]}],"egress":[null]}}',
    );
    const withEmpties = JSON.parse(
      '{"metadata":{"name":"a","namespace":"b"},"spec":{"podSelector":{},' +
        '"ingress":[{},{"from":[{}],"ports":[{}]}],"egress":[{}]}}',
    );
    expect(computeSeal(withNulls)).toBe(computeSeal(withEmpties));
    expect(canonicalize(withNulls).spec).toEqual({
      podSelector: { matchLabels: {}, matchExpressions: [] },
      policyTypes: ['Egress', 'Ingress'],
      ingress: [
        { from: [], ports: [] },
        { from: [{}], ports: [{ protocol: 'TCP' }] },
      ],
      egress: [{ to: [], ports: [] }],
    });
  });

  it.each([
    ['a quote', 'say "hi"'],
    ['a backslash', 'C:\\policies'],
    ['a control character', 'line\nbreak'],
    ['the first control character', 'nul\u0000'],
    ['the last control character', 'unit\u001fseparator'],
    ['a lone surrogate', 'broken\ud800'],
    ['a lone low surrogate', 'broken\udfff'],
    ['only characters that need escaping', '"\\\n'],
  ])(
    'writes a string with %s as JSON escapes it, so the sealed text stays valid JSON',
    (_what, text) => {
      const policy = withSpec({
        podSelector: {
          matchLabels: { [text]: text },
          matchExpressions: [{ key: text, operator: 'In', values: [text] }],
        },
        ingress: [
          {
            from: [{ ipBlock: { cidr: text, except: [text] } }],
            ports: [{ port: text }],
          },
        ],
      });
      const annotated = {
        ...policy,
        metadata: { name: text, namespace: text, labels: { [text]: text } },
      };

      const { value, json } = encodeCanonical(annotated);

      expect(json).toBe(canonicalJson(value));
      expect(JSON.parse(json)).toEqual(value);
      expect(json).toContain(JSON.stringify(text));
    },
  );

  it.each([
    ['a space', 'a b'],
    ['a delete character', 'a\u007fb'],
    ['a character just below the surrogates', 'a\ud7ffb'],
    ['a character just above the surrogates', 'a\ue000b'],
    ['a character outside the basic plane', 'a\u{1f512}b'],
  ])('writes a string with %s as it is', (_what, text) => {
    const { json } = encodeCanonical({
      ...denyAllIngress,
      metadata: { ...denyAllIngress.metadata, labels: { note: text } },
    });
    expect(json).toContain(`"note":"${text}"`);
  });

  it('sorts rules, peers and ports by their canonical JSON whatever order they are written in', () => {
    const ascending = withSpec({
      ingress: [{ ports: [{ port: 443 }, { port: 80 }] }],
    });
    const descending = withSpec({
      ingress: [{ ports: [{ port: 80 }, { port: 443 }] }],
    });
    expect(canonicalize(descending).spec.ingress[0].ports).toEqual([
      { protocol: 'TCP', port: 443 },
      { protocol: 'TCP', port: 80 },
    ]);
    expect(computeSeal(descending)).toBe(computeSeal(ascending));
  });

  it('keeps an unquoted true as a label value apart from null, and writes a non-finite port as null', () => {
    const labelled = (value: string) =>
      JSON.parse(
        `{"metadata":{"name":"a","namespace":"b","labels":{"tier":${value}}},"spec":{}}`,
      );
    expect(encodeCanonical(labelled('true')).json).toContain('"tier":true');
    expect(computeSeal(labelled('true'))).not.toBe(
      computeSeal(labelled('null')),
    );
    for (const other of ['null', '{}']) {
      expect(
        JSON.parse(encodeCanonical(labelled(other)).json).metadata.labels,
      ).toEqual({ tier: null });
    }
    const infinite = withSpec({ ingress: [{ ports: [{ port: Infinity }] }] });
    expect(JSON.parse(encodeCanonical(infinite).json).spec.ingress).toEqual([
      { from: [], ports: [{ port: null, protocol: 'TCP' }] },
    ]);
  });

  it('seals null or undefined in place of a policy without throwing', () => {
    expect(computeSeal(JSON.parse('null'))).toBe(computeSeal(JSON.parse('{}')));
  });
});
