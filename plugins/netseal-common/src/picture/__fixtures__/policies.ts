import type { NetworkPolicy, NetworkPolicySpec } from '../../types';

/** A policy of namespace `shop` unless named otherwise (`namespace/name`). */
export function policy(name: string, spec: NetworkPolicySpec): NetworkPolicy {
  const [namespace, policyName] = name.includes('/')
    ? name.split('/')
    : ['shop', name];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { namespace, name: policyName },
    spec,
  };
}

export const payments = { matchLabels: { app: 'payments' } };
export const gateway = { matchLabels: { app: 'gateway' } };
export const teamEdge = { matchLabels: { team: 'edge' } };
