import type { NetworkPolicySpec } from '../types';
import { networkPolicy } from './__fixtures__/upstreamCluster';
import { compilePolicy } from './compilePolicy';

function compile(spec: NetworkPolicySpec) {
  return compilePolicy(networkPolicy('shop', 'web', spec));
}

function compileJson(spec: string) {
  return compilePolicy(networkPolicy('shop', 'web', JSON.parse(spec)));
}

describe('compilePolicy', () => {
  it('defaults policyTypes as the API server does', () => {
    expect(compile({ podSelector: {} })).toMatchObject({
      affectsIngress: true,
      affectsEgress: false,
    });
    expect(compile({ podSelector: {}, egress: [{}] })).toMatchObject({
      affectsIngress: true,
      affectsEgress: true,
    });
    expect(compile({ podSelector: {}, egress: [] })).toMatchObject({
      affectsIngress: true,
      affectsEgress: false,
    });
    expect(compile({ podSelector: {}, policyTypes: ['Egress'] })).toMatchObject(
      {
        affectsIngress: false,
        affectsEgress: true,
      },
    );
  });

  it('reads empty and missing from, to and ports alike: every peer, every port', () => {
    const [missing] = compile({ podSelector: {}, ingress: [{}] }).ingressRules;
    const [empty] = compile({
      podSelector: {},
      ingress: [{ from: [], ports: [] }],
    }).ingressRules;
    expect(missing).toEqual(empty);
    expect(missing.peers).toBeUndefined();
    expect(missing.ports).toBeUndefined();
  });

  it('defaults a port protocol to TCP', () => {
    const [rule] = compile({
      podSelector: {},
      ingress: [{ ports: [{ port: 80 }] }],
    }).ingressRules;
    expect(rule.ports).toEqual([{ protocol: 'TCP', port: 80 }]);
  });

  it('gives a peer without namespaceSelector the policy namespace', () => {
    const [rule] = compile({
      podSelector: {},
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }],
    }).ingressRules;
    expect(rule.peers?.[0]).toMatchObject({
      kind: 'pods',
      policyNamespace: 'shop',
    });
    expect(rule.peers?.[0]).not.toHaveProperty('namespaceSelector.key');
  });

  it.each([
    [
      '{"podSelector":{},"ingress":[{"from":[{}]}]}',
      'NetworkPolicy shop/web: spec.ingress[0].from[0] must specify a peer: podSelector, namespaceSelector or ipBlock',
    ],
    [
      '{"podSelector":{},"ingress":[{"from":[{"ipBlock":{"cidr":"10.0.0.0/8"},"podSelector":{}}]}]}',
      'NetworkPolicy shop/web: spec.ingress[0].from[0] sets ipBlock together with a selector',
    ],
    [
      '{"podSelector":{},"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/24","except":["192.168.0.0/24"]}}]}]}',
      'NetworkPolicy shop/web: spec.egress[0].to[0].ipBlock.except[0] (192.168.0.0/24) must be a strict subset of cidr 10.0.0.0/24',
    ],
    [
      '{"podSelector":{},"egress":[{"to":[{"ipBlock":{"cidr":"10.0.0.0/24","except":["10.0.0.0/24"]}}]}]}',
      'spec.egress[0].to[0].ipBlock.except[0] (10.0.0.0/24) must be a strict subset of cidr 10.0.0.0/24',
    ],
    [
      '{"podSelector":{},"egress":[{"to":[{"ipBlock":{"cidr":"300.0.0.0/8"}}]}]}',
      'spec.egress[0].to[0].ipBlock.cidr must be a CIDR such as 10.0.0.0/8 or 2001:db8::/64 (got "300.0.0.0/8")',
    ],
    [
      '{"podSelector":{},"ingress":[{"ports":[{"port":80,"endPort":79}]}]}',
      'spec.ingress[0].ports[0].endPort must be a port number no smaller than port 80 (got 79)',
    ],
    [
      '{"podSelector":{},"ingress":[{"ports":[{"port":"http","endPort":90}]}]}',
      'spec.ingress[0].ports[0].endPort cannot be used with the named port "http"',
    ],
    [
      '{"podSelector":{},"ingress":[{"ports":[{"port":0}]}]}',
      'spec.ingress[0].ports[0].port must be between 1 and 65535 (got 0)',
    ],
    [
      '{"podSelector":{},"ingress":[{"ports":[{"port":"80"}]}]}',
      'spec.ingress[0].ports[0].port "80" is neither a port number nor a valid port name',
    ],
    [
      '{"podSelector":{},"ingress":[{"ports":[{"protocol":"ICMP"}]}]}',
      'spec.ingress[0].ports[0].protocol must be TCP, UDP or SCTP (got "ICMP")',
    ],
    [
      '{"podSelector":{},"policyTypes":["Ingress","Sideways"]}',
      'spec.policyTypes[1] must be Ingress or Egress (got "Sideways")',
    ],
  ])('refuses %s', (spec, message) => {
    expect(() => compileJson(spec)).toThrow(message);
  });

  it('refuses a policy without a namespace', () => {
    const policy = networkPolicy('shop', 'web', { podSelector: {} });
    delete policy.metadata.namespace;
    expect(() => compilePolicy(policy)).toThrow(
      'NetworkPolicy ?/web: metadata.namespace must be set; a NetworkPolicy is namespaced',
    );
  });
});
