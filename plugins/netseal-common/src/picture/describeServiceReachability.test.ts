import { describeServiceReachability } from './describeServiceReachability';
import { gateway, payments, policy, teamEdge } from './__fixtures__/policies';

const denyIngress = policy('deny-ingress', { podSelector: payments });
const fromGateway = policy('from-gateway', {
  podSelector: payments,
  ingress: [
    {
      from: [{ namespaceSelector: teamEdge, podSelector: gateway }],
      ports: [{ port: 8080 }],
    },
  ],
});

describe('describeServiceReachability', () => {
  describe('isolation per direction', () => {
    it('says loudly that both directions are open when there is no policy', () => {
      const picture = describeServiceReachability({ policies: [] });
      expect(picture.ingress).toEqual({
        mode: 'not-isolated',
        summary:
          'Ingress is NOT isolated: any pod or address may connect on any port.',
        peers: [],
      });
      expect(picture.egress).toEqual({
        mode: 'not-isolated',
        summary:
          'Egress is NOT isolated: the pods may connect to any pod or address on any port.',
        peers: [],
      });
    });

    it('isolates ingress only for a policy whose defaulted policyTypes is Ingress', () => {
      const picture = describeServiceReachability({ policies: [denyIngress] });
      expect(picture.ingress).toEqual({
        mode: 'isolated',
        summary:
          'Ingress is isolated and no rule allows any peer: all ingress is denied.',
        peers: [],
      });
      expect(picture.egress.mode).toBe('not-isolated');
    });

    it('isolates egress when the policy has egress rules, without policyTypes', () => {
      const picture = describeServiceReachability({
        policies: [
          policy('dns-only', {
            podSelector: payments,
            egress: [{ ports: [{ protocol: 'UDP', port: 53 }] }],
          }),
        ],
      });
      expect(picture.egress).toEqual({
        mode: 'isolated',
        summary:
          'Egress is isolated: the pods may connect only to the peers below; all other traffic is denied by default.',
        peers: [
          {
            peer: { kind: 'anywhere', label: 'anywhere' },
            ports: ['UDP 53'],
            policies: ['shop/dns-only'],
          },
        ],
      });
    });

    it('denies all egress, DNS included, for policyTypes Egress without rules', () => {
      const picture = describeServiceReachability({
        policies: [
          policy('deny-egress', { podSelector: {}, policyTypes: ['Egress'] }),
        ],
      });
      expect(picture.ingress.mode).toBe('not-isolated');
      expect(picture.egress).toEqual({
        mode: 'isolated',
        summary:
          'Egress is isolated and no rule allows any peer: all egress is denied, DNS lookups included.',
        peers: [],
      });
    });

    it('ignores the ingress rules of a policy whose policyTypes leaves Ingress out', () => {
      const picture = describeServiceReachability({
        policies: [
          policy('egress-only', {
            podSelector: payments,
            policyTypes: ['Egress'],
            ingress: [{}],
            egress: [{}],
          }),
        ],
      });
      expect(picture.ingress.mode).toBe('not-isolated');
      expect(picture.egress.mode).toBe('allow-all');
    });

    it('says loudly which policy allows all ingress, and still lists the other peers', () => {
      const picture = describeServiceReachability({
        policies: [
          policy('allow-all', { podSelector: payments, ingress: [{}] }),
          fromGateway,
        ],
      });
      expect(picture.ingress).toEqual({
        mode: 'allow-all',
        summary:
          'Ingress is NOT restricted: shop/allow-all allows all ingress, so any pod or address may connect on any port.',
        peers: [
          {
            peer: { kind: 'anywhere', label: 'anywhere' },
            ports: ['all ports and protocols'],
            policies: ['shop/allow-all'],
          },
          {
            peer: {
              kind: 'pods',
              label: 'pods app=gateway in namespaces team=edge',
            },
            ports: ['TCP 8080'],
            policies: ['shop/from-gateway'],
          },
        ],
      });
    });

    it('counts a rule with every protocol and no port number as allowing all', () => {
      const picture = describeServiceReachability({
        policies: [
          policy('egress-everything', {
            podSelector: payments,
            policyTypes: ['Egress'],
            egress: [
              {
                to: [],
                ports: [
                  { protocol: 'TCP' },
                  { protocol: 'UDP' },
                  { protocol: 'SCTP' },
                ],
              },
            ],
          }),
        ],
      });
      expect(picture.egress.mode).toBe('allow-all');
      expect(picture.egress.summary).toBe(
        'Egress is NOT restricted: shop/egress-everything allows all egress, so the pods may connect to any pod or address on any port.',
      );
    });

    it('does not call a rule from anywhere on some ports allow-all', () => {
      const picture = describeServiceReachability({
        policies: [
          policy('public-https', {
            podSelector: payments,
            ingress: [{ ports: [{ port: 443 }] }],
          }),
        ],
      });
      expect(picture.ingress.mode).toBe('isolated');
      expect(picture.ingress.summary).toBe(
        'Ingress is isolated: only the peers below may connect; all other traffic is denied by default.',
      );
    });
  });

  describe('peers', () => {
    it('merges one peer across rules and policies: ports and policies united', () => {
      const picture = describeServiceReachability({
        policies: [
          fromGateway,
          policy('gateway-metrics', {
            podSelector: payments,
            ingress: [
              {
                from: [{ podSelector: gateway, namespaceSelector: teamEdge }],
                ports: [{ port: 'metrics' }, { port: 8080 }],
              },
              {
                from: [{ namespaceSelector: teamEdge, podSelector: gateway }],
                ports: [{ protocol: 'UDP', port: 8125 }],
              },
            ],
          }),
        ],
      });
      expect(picture.ingress.peers).toEqual([
        {
          peer: {
            kind: 'pods',
            label: 'pods app=gateway in namespaces team=edge',
          },
          ports: ['TCP 8080', 'TCP port named metrics', 'UDP 8125'],
          policies: ['shop/from-gateway', 'shop/gateway-metrics'],
        },
      ]);
    });

    it('keeps apart pods with the same selector in different namespaces', () => {
      const picture = describeServiceReachability({
        policies: [
          policy('shop/from-gateway', {
            podSelector: payments,
            ingress: [{ from: [{ podSelector: gateway }] }],
          }),
          policy('billing/from-gateway', {
            podSelector: payments,
            ingress: [{ from: [{ podSelector: gateway }] }],
          }),
        ],
      });
      expect(picture.ingress.peers.map(edge => edge.peer.label)).toEqual([
        'pods app=gateway in namespace billing',
        'pods app=gateway in namespace shop',
      ]);
    });

    it('lists a peer without ports on all ports and protocols, once', () => {
      const picture = describeServiceReachability({
        policies: [
          fromGateway,
          policy('gateway-any-port', {
            podSelector: payments,
            ingress: [
              { from: [{ namespaceSelector: teamEdge, podSelector: gateway }] },
            ],
          }),
        ],
      });
      expect(picture.ingress.peers).toEqual([
        expect.objectContaining({
          ports: ['all ports and protocols'],
          policies: ['shop/from-gateway', 'shop/gateway-any-port'],
        }),
      ]);
    });

    it('orders peers by label and describes CIDRs with their exceptions', () => {
      const picture = describeServiceReachability({
        policies: [
          policy('egress', {
            podSelector: payments,
            policyTypes: ['Egress'],
            egress: [
              {
                to: [
                  { podSelector: { matchLabels: { app: 'db' } } },
                  { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
                  { namespaceSelector: {} },
                ],
                ports: [{ port: 5432 }],
              },
            ],
          }),
        ],
      });
      expect(picture.egress.peers.map(edge => edge.peer)).toEqual([
        { kind: 'cidr', label: '10.0.0.0/8 except 10.1.0.0/16' },
        { kind: 'pods', label: 'every pod in every namespace' },
        { kind: 'pods', label: 'pods app=db in namespace shop' },
      ]);
    });
  });

  describe('the pods and the policies', () => {
    it('names the pods by the policies’ selectors unless the caller names them', () => {
      const policies = [
        denyIngress,
        fromGateway,
        policy('workers', { podSelector: { matchLabels: { app: 'worker' } } }),
      ];
      expect(describeServiceReachability({ policies }).pods).toBe(
        'pods app=payments in namespace shop and pods app=worker in namespace shop',
      );
      expect(
        describeServiceReachability({
          policies,
          pods: 'pods backstage.io/kubernetes-id=payments',
        }).pods,
      ).toBe('pods backstage.io/kubernetes-id=payments');
    });

    it('lists every policy it was derived from, sorted, once', () => {
      const picture = describeServiceReachability({
        policies: [fromGateway, denyIngress, fromGateway],
      });
      expect(picture.policies).toEqual([
        'shop/deny-ingress',
        'shop/from-gateway',
      ]);
    });
  });

  describe('live policies not as sealed in Git', () => {
    const debugAllowAll = policy('payments-debug-allow-all', {
      podSelector: payments,
      ingress: [{}],
    });

    it('says plainly that a live-only policy opens ingress to everyone, where the sealed ones isolate it', () => {
      const picture = describeServiceReachability({
        policies: [fromGateway, debugAllowAll],
        unsealed: ['shop/payments-debug-allow-all'],
      });
      expect(picture.ingress.mode).toBe('allow-all');
      expect(picture.ingress.summary).toBe(
        'Ingress is NOT restricted: shop/payments-debug-allow-all (live only, not sealed in Git) allows all ingress, so any pod or address may connect on any port.',
      );
      expect(picture.unsealedPolicies).toEqual([
        'shop/payments-debug-allow-all',
      ]);
      expect(picture.driftedPolicies).toBeUndefined();
    });

    it('names the drifted or live-only policies whose peers an isolated direction lets in', () => {
      const picture = describeServiceReachability({
        policies: [denyIngress, fromGateway],
        drifted: ['shop/from-gateway'],
      });
      expect(picture.ingress).toEqual(
        expect.objectContaining({
          mode: 'isolated',
          summary:
            'Ingress is isolated: only the peers below may connect; all other traffic is denied by default. Peers of shop/from-gateway (drifted from its seal) are among them, which no review approved.',
        }),
      );
      expect(picture.driftedPolicies).toEqual(['shop/from-gateway']);
    });

    it('ignores notes about policies it was not given, and says nothing more of a picture without any', () => {
      const noted = describeServiceReachability({
        policies: [fromGateway],
        unsealed: ['shop/elsewhere'],
      });
      expect(noted).toEqual(
        describeServiceReachability({ policies: [fromGateway] }),
      );
      expect(noted.unsealedPolicies).toBeUndefined();
    });
  });
});
