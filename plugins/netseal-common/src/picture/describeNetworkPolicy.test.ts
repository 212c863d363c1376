import type { NetworkPolicySpec } from '../types';
import { describeNetworkPolicy } from './describeNetworkPolicy';
import { gateway, payments, policy, teamEdge } from './__fixtures__/policies';

function sentencesFor(spec: NetworkPolicySpec): string[] {
  return describeNetworkPolicy(policy('p', spec));
}

describe('describeNetworkPolicy', () => {
  describe('directions and policyTypes defaulting', () => {
    it.each<[string, NetworkPolicySpec, string[]]>([
      [
        'a policy without policyTypes and without rules isolates ingress only',
        { podSelector: payments },
        [
          'Ingress to pods app=payments in namespace shop: denied from everywhere (isolated, no rule allows any peer)',
        ],
      ],
      [
        'egress rules add Egress to the defaulted policyTypes',
        { podSelector: payments, egress: [{}] },
        [
          'Ingress to pods app=payments in namespace shop: denied from everywhere (isolated, no rule allows any peer)',
          'Egress from pods app=payments in namespace shop to anywhere on all ports and protocols',
        ],
      ],
      [
        'an empty egress list does not add Egress',
        { podSelector: payments, egress: [] },
        [
          'Ingress to pods app=payments in namespace shop: denied from everywhere (isolated, no rule allows any peer)',
        ],
      ],
      [
        'policyTypes Egress alone isolates egress and leaves ingress alone',
        { podSelector: payments, policyTypes: ['Egress'] },
        [
          'Egress from pods app=payments in namespace shop: denied to everywhere (isolated, no rule allows any peer)',
        ],
      ],
      [
        'rules of a direction policyTypes leaves out are flagged, not described as allowed',
        {
          podSelector: payments,
          policyTypes: ['Egress'],
          ingress: [{ from: [{ podSelector: gateway }] }],
          egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }],
        },
        [
          'Ingress rules are not enforced: policyTypes lists only Egress',
          'Egress from pods app=payments in namespace shop to anywhere on UDP 53',
        ],
      ],
    ])('%s', (_behaviour, spec, sentences) => {
      expect(sentencesFor(spec)).toEqual(sentences);
    });
  });

  describe('peers', () => {
    it.each<[string, NetworkPolicySpec['ingress'], string]>([
      [
        'a podSelector alone means pods of the policy’s namespace',
        [{ from: [{ podSelector: gateway }] }],
        'from pods app=gateway in namespace shop',
      ],
      [
        'an empty podSelector means every pod of that namespace',
        [{ from: [{ podSelector: {} }] }],
        'from every pod in namespace shop',
      ],
      [
        'a namespaceSelector alone means every pod of the matching namespaces',
        [{ from: [{ namespaceSelector: teamEdge }] }],
        'from every pod in namespaces team=edge',
      ],
      [
        'an empty namespaceSelector means every namespace',
        [{ from: [{ namespaceSelector: {}, podSelector: gateway }] }],
        'from pods app=gateway in every namespace',
      ],
      [
        'podSelector and namespaceSelector in one peer are ANDed',
        [{ from: [{ namespaceSelector: teamEdge, podSelector: gateway }] }],
        'from pods app=gateway in namespaces team=edge',
      ],
      [
        'a namespaceSelector on the namespace name label names the namespace',
        [
          {
            from: [
              {
                namespaceSelector: {
                  matchLabels: { 'kubernetes.io/metadata.name': 'edge' },
                },
              },
            ],
          },
        ],
        'from every pod in namespace edge',
      ],
      [
        'an In on the namespace name label names the namespaces',
        [
          {
            from: [
              {
                namespaceSelector: {
                  matchExpressions: [
                    {
                      key: 'kubernetes.io/metadata.name',
                      operator: 'In',
                      values: ['edge', 'ops'],
                    },
                  ],
                },
              },
            ],
          },
        ],
        'from every pod in namespaces edge and ops',
      ],
      [
        'peers of one rule are alternatives',
        [
          {
            from: [
              { podSelector: gateway },
              { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
            ],
          },
        ],
        'from 10.0.0.0/8 except 10.1.0.0/16 or pods app=gateway in namespace shop',
      ],
      [
        'match expressions are written in words',
        [
          {
            from: [
              {
                podSelector: {
                  matchExpressions: [
                    { key: 'app', operator: 'In', values: ['web', 'api'] },
                    { key: 'tier', operator: 'NotIn', values: ['cache'] },
                    { key: 'canary', operator: 'Exists' },
                    { key: 'legacy', operator: 'DoesNotExist' },
                  ],
                },
              },
            ],
          },
        ],
        'from pods app in (api, web),with label canary,without label legacy,tier not in (cache) in namespace shop',
      ],
    ])('%s', (_behaviour, ingress, fromPeers) => {
      expect(sentencesFor({ podSelector: payments, ingress })).toEqual([
        `Ingress to pods app=payments in namespace shop on all ports and protocols ${fromPeers}`,
      ]);
    });
  });

  describe('ports', () => {
    it.each<[string, NetworkPolicySpec['ingress'], string]>([
      [
        'the protocol defaults to TCP',
        [{ ports: [{ port: 8080 }] }],
        'on TCP 8080',
      ],
      [
        'a named port is resolved on the pod, so it stays a name',
        [{ ports: [{ port: 'http' }] }],
        'on TCP port named http',
      ],
      [
        'endPort makes an inclusive range',
        [{ ports: [{ protocol: 'TCP', port: 8000, endPort: 8100 }] }],
        'on TCP 8000-8100',
      ],
      [
        'a port entry without a port allows every port of its protocol',
        [{ ports: [{ protocol: 'UDP' }] }],
        'on all UDP ports',
      ],
      [
        'every listed port is allowed, TCP before UDP before SCTP',
        [
          {
            ports: [
              { protocol: 'SCTP', port: 9 },
              { protocol: 'UDP', port: 53 },
              { port: 443 },
              { port: 80 },
            ],
          },
        ],
        'on TCP 80, TCP 443, UDP 53 and SCTP 9',
      ],
      [
        'a port inside a listed range is not repeated',
        [
          {
            ports: [
              { port: 8080 },
              { port: 8000, endPort: 8100 },
              { protocol: 'UDP', port: 8080 },
            ],
          },
        ],
        'on TCP 8000-8100 and UDP 8080',
      ],
      [
        'all three protocols without a port are every port and protocol',
        [
          {
            ports: [
              { protocol: 'TCP' },
              { protocol: 'UDP' },
              { protocol: 'SCTP' },
            ],
          },
        ],
        'on all ports and protocols',
      ],
    ])('%s', (_behaviour, ingress, onPorts) => {
      expect(sentencesFor({ podSelector: payments, ingress })).toEqual([
        `Ingress to pods app=payments in namespace shop ${onPorts} from anywhere`,
      ]);
    });
  });

  describe('empty versus missing', () => {
    const everything =
      'Ingress to pods app=payments in namespace shop on all ports and protocols from anywhere';

    it.each<[string, NetworkPolicySpec['ingress']]>([
      ['an empty rule', [{}]],
      ['empty from and ports lists', [{ from: [], ports: [] }]],
    ])('reads %s as every peer on every port', (_case, ingress) => {
      expect(sentencesFor({ podSelector: payments, ingress })).toEqual([
        everything,
      ]);
    });

    it('reads a missing and an empty ingress list alike: isolated, nothing allowed', () => {
      const denied = [
        'Ingress to pods app=payments in namespace shop: denied from everywhere (isolated, no rule allows any peer)',
      ];
      expect(sentencesFor({ podSelector: payments })).toEqual(denied);
      expect(sentencesFor({ podSelector: payments, ingress: [] })).toEqual(
        denied,
      );
    });

    it('reads an empty podSelector as every pod of the policy’s namespace', () => {
      expect(sentencesFor({ podSelector: {}, ingress: [{}] })).toEqual([
        'Ingress to every pod in namespace shop on all ports and protocols from anywhere',
      ]);
    });
  });

  it('describes a policy with ingress and egress rules, one sentence per rule, in the order of its canonical form', () => {
    expect(
      sentencesFor({
        podSelector: payments,
        ingress: [
          {
            from: [{ namespaceSelector: teamEdge, podSelector: gateway }],
            ports: [{ port: 8080 }],
          },
        ],
        egress: [
          {
            to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
            ports: [{ protocol: 'TCP', port: 5432 }],
          },
          { ports: [{ protocol: 'UDP', port: 53 }] },
        ],
      }),
    ).toEqual([
      'Ingress to pods app=payments in namespace shop on TCP 8080 from pods app=gateway in namespaces team=edge',
      'Egress from pods app=payments in namespace shop to anywhere on UDP 53',
      'Egress from pods app=payments in namespace shop to 10.0.0.0/8 except 10.1.0.0/16 on TCP 5432',
    ]);
  });

  it('describes, and marks, a peer the API server would refuse instead of throwing', () => {
    expect(
      sentencesFor({
        podSelector: payments,
        ingress: [
          {
            from: [
              {},
              { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: gateway },
            ],
          },
        ],
      }),
    ).toEqual([
      'Ingress to pods app=payments in namespace shop on all ports and protocols from 10.0.0.0/8 (with a selector too, which the API server refuses) or no peer (an empty peer, which the API server refuses)',
    ]);
  });
});
