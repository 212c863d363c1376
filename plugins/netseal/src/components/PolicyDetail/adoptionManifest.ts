import { SEAL_ANNOTATION } from '@netseal/backstage-plugin-netseal-common';
import { stringify } from 'yaml';

/** What the API server or kubectl wrote into an annotation, not the policy's author. */
const MANAGED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  SEAL_ANNOTATION,
]);

/**
 * A live-only policy as a new manifest for its policy source: its identity, labels,
 * the annotations someone wrote, and its spec, without what the API server manages. The
 * request reseals it; the comment says where it came from.
 */
export function adoptionManifest(live: unknown, cluster: string): string {
  const object = (live ?? {}) as {
    metadata?: {
      name?: string;
      namespace?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    spec?: unknown;
  };
  const { name, namespace, labels, annotations } = object.metadata ?? {};
  const kept = Object.fromEntries(
    Object.entries(annotations ?? {}).filter(
      ([key]) => !MANAGED_ANNOTATIONS.has(key),
    ),
  );
  const manifest = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name,
      namespace,
      ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
      ...(Object.keys(kept).length > 0 ? { annotations: kept } : {}),
    },
    spec: object.spec ?? {},
  };
  return `# Adopted from the live object in ${cluster}, where it was not sealed in Git.\n${stringify(
    manifest,
    { lineWidth: 0 },
  )}`;
}
