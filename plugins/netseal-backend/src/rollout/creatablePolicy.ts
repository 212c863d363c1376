import type { NetworkPolicy } from '@netseal/backstage-plugin-netseal-common';

/**
 * A live NetworkPolicy as a manifest the API server accepts on create: its identity,
 * labels, annotations and spec, without what the API server manages (uid,
 * resourceVersion, creationTimestamp, generation, managedFields, status). What a
 * rollback re-creates when a rollout or a restore must put a live policy back that was
 * never in Git (a drifted object, or a live-only one a request adopts or removes).
 */
export function creatablePolicy(live: NetworkPolicy): NetworkPolicy {
  const { name, namespace, labels, annotations } = live.metadata ?? {};
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace,
      ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
      ...(annotations && Object.keys(annotations).length > 0
        ? { annotations }
        : {}),
    },
    spec: live.spec,
  };
}
