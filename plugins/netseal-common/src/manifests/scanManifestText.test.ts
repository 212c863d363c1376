import { stringify } from 'yaml';
import { compareWithYaml } from './__testUtils__/compareWithYaml';
import { scanManifestText } from './scanManifestText';

const policy = `# the web tier
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web   # trailing comment
  namespace: shop
  labels: {app: web, "netseal.io/sealed": "true"}
  annotations:
    netseal.io/seal: sha256:62849d

spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - namespaceSelector: {}
      podSelector:
        matchExpressions:
          -   key: tier
              operator: In
              values: ['front''end', "back end"]
    ports:
    - {port: 8080, protocol: TCP}
    - port: -1
  egress: []
`;

describe('scanManifestText', () => {
  it('reads a hand-written policy exactly as the yaml library does', () => {
    expect(compareWithYaml(policy)).toBe('same');
    expect(compareWithYaml(policy.replace(/\n/g, '\r\n'))).toBe('same');
  });

  it('reads what yaml.stringify writes, in both sequence styles', () => {
    const value = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db', labels: { 'app.kubernetes.io/name': 'db' } },
      spec: {
        podSelector: {},
        ingress: [
          {
            from: [
              { ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.1.0/24'] } },
            ],
            ports: [{ port: 5432 }],
          },
        ],
      },
    };
    expect(compareWithYaml(stringify(value))).toBe('same');
    expect(compareWithYaml(stringify(value, { indentSeq: false }))).toBe(
      'same',
    );
    expect(compareWithYaml(`${stringify(value)}---\n${stringify(value)}`)).toBe(
      'same',
    );
  });

  it('counts documents as the yaml library does: empty ones after a marker, none for comments alone', () => {
    expect(scanManifestText('')).toEqual([]);
    expect(scanManifestText('# only a comment\n')).toEqual([]);
    for (const text of [
      'a: 1\n---\n',
      '---\n',
      '---  # c\n---\n',
      '# c\n---\na: 1\n',
      'a: 1\n--- # c\nb: 2\n',
    ]) {
      expect(compareWithYaml(text)).toBe('same');
    }
    expect(
      scanManifestText('a: 1\n---\n---\nb: 2\n')?.map(d => d.value),
    ).toEqual([{ a: 1 }, null, { b: 2 }]);
  });

  it('reads scalars by the YAML 1.2 core schema', () => {
    expect(
      scanManifestText(
        'a: ~\nb:\nc: null\nd: TRUE\ne: False\nf: -0\ng: +5\nh: 0755\ni: yes\nj: 1:30\nk: x:y\nl: a#b\n',
      )?.[0].value,
    ).toEqual({
      a: null,
      b: null,
      c: null,
      d: true,
      e: false,
      f: -0,
      g: 5,
      h: 755,
      i: 'yes',
      j: '1:30',
      k: 'x:y',
      l: 'a#b',
    });
  });

  it.each([
    ['an anchor and its alias', 'a: &x {b: 1}\nc: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line flow collection', 'a: [1,\n  2]\n'],
    ['a float', 'a: 1.5\n'],
    ['an escape', 'a: "\\u00e9"\n'],
    ['a tab', 'a:\tb\n'],
    ['a JSON document', '{"a": 1}\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['a merge key', 'a: 1\n<<: {b: 2}\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a duplicate key spelt differently', 'a: 1\n"a": 2\n'],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['a nested compact mapping', 'a: b: c\n'],
    ['a comment without a space', "a: 'x'#c\n"],
    ['a sequence on the line of its key', 'a: - b\n'],
    ['a scalar document', 'just text\n'],
    ['a byte order mark', '\ufeffa: 1\n'],
  ])('leaves %s to the yaml library', (_, text) => {
    expect(scanManifestText(text)).toBeUndefined();
  });

  it('gives up on nesting deeper than the stack instead of throwing', () => {
    expect(scanManifestText(`${'- '.repeat(100000)}a\n`)).toBeUndefined();
  });
});
