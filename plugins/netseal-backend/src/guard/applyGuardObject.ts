import * as k8s from '@kubernetes/client-node';
import type { GuardManifest } from '@netseal/backstage-plugin-netseal-common';
import type { JsonObject } from '../clusters/liveObjects';
import { KubernetesApiError } from '../clusters/KubernetesApiError';
import { requestRaw } from '../clusters/requestRaw';

const TIMEOUT_MS = 30_000;

function options(body?: string) {
  return {
    signal: new AbortController().signal,
    timeoutMs: TIMEOUT_MS,
    onRequest: () => {},
    body,
  };
}

type Call = (configuration: k8s.Configuration) => Promise<unknown>;

/** The read, create and replace calls of one kind of guard object. */
function callsOf(manifest: GuardObjectName): {
  read: Call;
  create: Call;
  replace?: Call;
  remove?: Call;
} {
  const name = manifest.metadata.name;
  const namespace = manifest.metadata.namespace ?? '';
  // The typed body is replaced by the manifest's own JSON (requestRaw's `body`).
  const body = { metadata: { name } };
  switch (manifest.kind) {
    case 'Namespace':
      return {
        read: c => new k8s.CoreV1Api(c).readNamespace({ name }),
        create: c => new k8s.CoreV1Api(c).createNamespace({ body }),
      };
    case 'ConfigMap':
      return {
        read: c =>
          new k8s.CoreV1Api(c).readNamespacedConfigMap({ name, namespace }),
        create: c =>
          new k8s.CoreV1Api(c).createNamespacedConfigMap({ namespace, body }),
        replace: c =>
          new k8s.CoreV1Api(c).replaceNamespacedConfigMap({
            name,
            namespace,
            body,
          }),
        remove: c =>
          new k8s.CoreV1Api(c).deleteNamespacedConfigMap({ name, namespace }),
      };
    case 'ValidatingAdmissionPolicy':
      return {
        read: c =>
          new k8s.AdmissionregistrationV1Api(c).readValidatingAdmissionPolicy({
            name,
          }),
        create: c =>
          new k8s.AdmissionregistrationV1Api(c).createValidatingAdmissionPolicy(
            { body },
          ),
        replace: c =>
          new k8s.AdmissionregistrationV1Api(
            c,
          ).replaceValidatingAdmissionPolicy({ name, body }),
        remove: c =>
          new k8s.AdmissionregistrationV1Api(c).deleteValidatingAdmissionPolicy(
            { name },
          ),
      };
    case 'ValidatingAdmissionPolicyBinding':
      return {
        read: c =>
          new k8s.AdmissionregistrationV1Api(
            c,
          ).readValidatingAdmissionPolicyBinding({ name }),
        create: c =>
          new k8s.AdmissionregistrationV1Api(
            c,
          ).createValidatingAdmissionPolicyBinding({ body }),
        replace: c =>
          new k8s.AdmissionregistrationV1Api(
            c,
          ).replaceValidatingAdmissionPolicyBinding({ name, body }),
        remove: c =>
          new k8s.AdmissionregistrationV1Api(
            c,
          ).deleteValidatingAdmissionPolicyBinding({ name }),
      };
    default:
      throw new Error(`the guard has no object of kind ${manifest.kind}`);
  }
}

/** Which guard object: its kind and name (and namespace, for the ConfigMap). */
export interface GuardObjectName {
  kind: string;
  metadata: { name: string; namespace?: string };
}

/** Reads one guard object as the cluster holds it; undefined when it does not exist. */
export async function readGuardObject(
  kubeConfig: k8s.KubeConfig,
  manifest: GuardObjectName,
): Promise<JsonObject | undefined> {
  try {
    return await requestRaw(kubeConfig, callsOf(manifest).read, options());
  } catch (error) {
    if (error instanceof KubernetesApiError && error.statusCode === 404) {
      return undefined;
    }
    throw error;
  }
}

/**
 * Creates one guard object, or replaces the one standing with it (its resourceVersion
 * carried over, so a concurrent change fails rather than being overwritten). A Namespace
 * that exists is left as it is.
 */
export async function applyGuardObject(
  kubeConfig: k8s.KubeConfig,
  manifest: GuardManifest,
): Promise<void> {
  const calls = callsOf(manifest);
  const current = await readGuardObject(kubeConfig, manifest);
  if (!current) {
    await requestRaw(
      kubeConfig,
      calls.create,
      options(JSON.stringify(manifest)),
    );
    return;
  }
  if (!calls.replace) return;
  const resourceVersion = (current.metadata as { resourceVersion?: string })
    ?.resourceVersion;
  await requestRaw(
    kubeConfig,
    calls.replace,
    options(
      JSON.stringify({
        ...manifest,
        metadata: { ...manifest.metadata, resourceVersion },
      }),
    ),
  );
}

/** Deletes one guard object; one already gone is done. A Namespace is never deleted. */
export async function deleteGuardObject(
  kubeConfig: k8s.KubeConfig,
  manifest: GuardObjectName,
): Promise<void> {
  const { remove } = callsOf(manifest);
  if (!remove) return;
  try {
    await requestRaw(kubeConfig, remove, options());
  } catch (error) {
    if (error instanceof KubernetesApiError && error.statusCode === 404) {
      return;
    }
    throw error;
  }
}
