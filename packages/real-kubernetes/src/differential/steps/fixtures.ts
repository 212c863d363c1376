import * as k8s from '@kubernetes/client-node';
import { Answer, keysOf, plain } from '../answers';

/** The sealed policy the scenario starts from: ingress from team=front on TCP 8080. */
export function allowWeb(namespace: string): k8s.V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: 'allow-web',
      namespace,
      labels: { 'netseal.io/sealed': 'true' },
      annotations: { 'netseal.io/seal': 'sha256:0000' },
    },
    spec: {
      podSelector: { matchLabels: { app: 'web' } },
      ingress: [
        {
          _from: [{ namespaceSelector: { matchLabels: { team: 'front' } } }],
          ports: [{ port: 8080 }],
        },
      ],
    },
  };
}

/** A policy with only egress, an ipBlock with except, and a port range. */
export function egressOnly(namespace: string): k8s.V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'egress-only', namespace, labels: { tier: 'db' } },
    spec: {
      podSelector: {
        matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }],
      },
      egress: [
        {
          to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }],
          ports: [
            { port: 5432, endPort: 5440 },
            { protocol: 'UDP', port: 53 },
          ],
        },
      ],
    },
  };
}

/** What Netseal reads of a NetworkPolicy: identity, labels, annotations and spec. */
export function policyAnswer(policy: k8s.V1NetworkPolicy): Answer {
  return {
    name: policy.metadata?.name ?? null,
    namespace: policy.metadata?.namespace ?? null,
    labels: plain(policy.metadata?.labels ?? {}),
    annotations: plain(policy.metadata?.annotations ?? {}),
    generation: policy.metadata?.generation ?? null,
    spec: plain(policy.spec),
    metadataFields: keysOf(policy.metadata),
  };
}

/** The managedFields entries as Netseal's attribution reads them. */
export function managedFieldsAnswer(
  entries: k8s.V1ManagedFieldsEntry[] | undefined,
): Answer {
  return (entries ?? []).map(entry => ({
    manager: entry.manager ?? null,
    operation: entry.operation ?? null,
    apiVersion: entry.apiVersion ?? null,
    fieldsType: entry.fieldsType ?? null,
    subresource: entry.subresource ?? null,
    hasTime: Boolean(entry.time),
    fields: plain(entry.fieldsV1 ?? null),
  }));
}
